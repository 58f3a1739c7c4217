import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Kind, OperationDefinitionNode, parse } from 'graphql';
import { bootTestApp, TestApp } from './support/test-app';

// Runs every GraphQL example of README.md on a fresh embedded database, in the README's order, and compares answers.
//
// Conventions (also stated in the README above its examples):
// - a ```graphql block is one request, sent as is;
// - a ```json variables block right after it (blank lines between are fine) holds its variables;
// - the ```json block after those is the expected answer: `data` itself, or the value of the one root field when the
//   operation selects exactly one; compared exactly (values, keys, order);
// - in a list of an answer, an element written `…` stands for rows left out (any number, none too): the rows shown
//   before the first `…` start the list, those after the last `…` end it, and those between are found in order;
// - an example without an answer block must still answer without errors.

interface Fence {
  lang: string;
  info: string;
  body: string;
  line: number;
  end: number;
}
export interface ReadmeExample {
  line: number;
  title: string;
  query: string;
  variables?: Record<string, unknown>;
  answer?: unknown;
}

/** Rows left out of an answer's list (written `…` in the README). */
const OMITTED = Symbol('rows omitted');

function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const found: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const close = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (close < 0) throw new Error(`README.md:${i + 1}: unclosed code fence`);
    found.push({ lang: open[1], info: open[2].trim(), body: lines.slice(i + 1, close).join('\n'), line: i + 1, end: close + 1 });
    i = close;
  }
  return found;
}

/** JSON with `…` elements in lists, each read as OMITTED. */
export function parseAnswer(text: string): unknown {
  const marker = '"\\u0000rows omitted\\u0000"';
  const json = text.replace(/(?<=[[,]\s*)…(?=\s*[,\]])/g, marker);
  return JSON.parse(json, (_key, value) => (value === '\u0000rows omitted\u0000' ? OMITTED : value));
}

/** The README's GraphQL examples, each with its variables and answer when given. */
export function readmeExamples(markdown: string): ReadmeExample[] {
  const all = fences(markdown);
  const lines = markdown.split('\n');
  const adjacent = (a: Fence, b: Fence | undefined) => !!b && lines.slice(a.end, b.line - 1).every((l) => l.trim() === '');
  const examples: ReadmeExample[] = [];
  all.forEach((fence, i) => {
    if (fence.lang !== 'graphql') return;
    const heading =
      lines
        .slice(0, fence.line - 1)
        .reverse()
        .find((l) => /^\*\*|^#/.test(l)) ?? '';
    const title = (/^\*\*(.+?)\*\*/.exec(heading)?.[1] ?? heading.replace(/^#+/, '')).trim();
    const example: ReadmeExample = { line: fence.line, title, query: fence.body };
    let last = fence;
    let next = all[i + 1];
    if (adjacent(last, next) && next.lang === 'json' && /\bvariables\b/.test(next.info)) {
      example.variables = JSON.parse(next.body);
      last = next;
      next = all[i + 2];
    }
    if (adjacent(last, next) && next.lang === 'json' && !/\bvariables\b/.test(next.info)) example.answer = parseAnswer(next.body);
    examples.push(example);
  });
  return examples;
}

/** Whether the expected rows stand, in order, at actual[at], actual[at + 1], … */
function rowsAt(rows: unknown[], actual: unknown[], at: number): boolean {
  return at >= 0 && at + rows.length <= actual.length && rows.every((e, k) => isDeepStrictEqual(alignOmissions(e, actual[at + k]), e));
}

/**
 * The actual value in the expected one's shape: where the expected list leaves rows out, the actual rows it does not
 * show become the same marker, so toEqual compares exactly what the README shows (and diffs readably). A list's first
 * shown rows must start it and its last ones end it (unless it starts or ends with `…`); rows shown between two `…`
 * are found in order. Anything that does not fit is returned as is, for toEqual to report.
 */
export function alignOmissions(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (!expected.includes(OMITTED)) {
      return expected.length === actual.length ? actual.map((a, k) => alignOmissions(expected[k], a)) : actual;
    }
    const runs: unknown[][] = [[]];
    for (const e of expected) {
      if (e === OMITTED) runs.push([]);
      else runs[runs.length - 1].push(e);
    }
    const aligned: unknown[] = [];
    let next = 0;
    for (const [i, run] of runs.entries()) {
      let at: number;
      if (i === 0) at = 0;
      else if (i === runs.length - 1) at = actual.length - run.length;
      else {
        at = next;
        while (at + run.length <= actual.length && !rowsAt(run, actual, at)) at++;
      }
      if (at < next || !rowsAt(run, actual, at)) return actual;
      if (i > 0) aligned.push(OMITTED);
      aligned.push(...run.map((e, k) => alignOmissions(e, actual[at + k])));
      next = at + run.length;
    }
    return aligned;
  }
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(actual)) {
    const e = expected as Record<string, unknown>;
    return Object.fromEntries(Object.entries(actual).map(([k, v]) => [k, k in e ? alignOmissions(e[k], v) : v]));
  }
  return actual;
}

/** The name of the one root field an operation selects, or null when it selects several. */
function singleRootField(query: string): string | null {
  const op = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fields = op?.selectionSet.selections ?? [];
  const [only] = fields;
  return fields.length === 1 && only.kind === Kind.FIELD ? (only.alias ?? only.name).value : null;
}

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const EXAMPLES = readmeExamples(README);

describe('README examples', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Its own in-memory PGlite, freshly seeded: the suite's shared database holds other suites' changes.
    t = await bootTestApp({ DATABASE_URL: '', DATA_DIR: 'memory://', DB_POOL_SIZE: '1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the examples, most with an answer', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(7);
    expect(EXAMPLES.filter((e) => e.answer !== undefined).length).toBeGreaterThanOrEqual(6);
    expect(EXAMPLES.some((e) => e.variables)).toBe(true);
  });

  it("the quick start's curl call answers as shown", async () => {
    const call = /-d '(\{"query":.*?\})'[\s\S]*?^answers `(\{.*?\})`/m.exec(README);
    expect(call).not.toBeNull();
    const res = await t.gql(JSON.parse(call![1]).query);
    expect(res.raw).toBe(call![2]);
  });

  for (const example of EXAMPLES) {
    it(`README.md:${example.line} (${example.title}) answers as shown`, async () => {
      const res = await t.gql(example.query, example.variables);
      expect(res.errors).toBeUndefined();
      if (example.answer === undefined) return;
      const root = singleRootField(example.query);
      const actual = root ? res.data?.[root] : res.data;
      expect(alignOmissions(example.answer, actual)).toEqual(example.answer);
    });
  }
});

describe('README example reader', () => {
  it('reads a query, its variables and its answer, and `…` as rows left out', () => {
    const md = [
      '**A**',
      '',
      '```graphql',
      '{ a(x: $x) { n } }',
      '```',
      '```json variables',
      '{"x":1}',
      '```',
      '',
      '```json',
      '[{"n":1},',
      ' …,',
      ' {"n":9}]',
      '```',
      '',
      '```graphql',
      '{ b }',
      '```',
      'prose',
      '```json',
      '{"b":1}',
      '```',
    ].join('\n');
    const [a, b] = readmeExamples(md);
    expect(a).toEqual({ line: 3, title: 'A', query: '{ a(x: $x) { n } }', variables: { x: 1 }, answer: [{ n: 1 }, OMITTED, { n: 9 }] });
    expect(b.answer).toBeUndefined(); // a json block after prose belongs to something else
  });

  it('matches omitted rows against any number of rows, and nothing else', () => {
    const expected = parseAnswer('[1, …, 9]');
    expect(alignOmissions(expected, [1, 9])).toEqual(expected);
    expect(alignOmissions(expected, [1, 2, 3, 9])).toEqual(expected);
    expect(alignOmissions(expected, [2, 3, 9])).not.toEqual(expected);
    expect(alignOmissions(expected, [1])).not.toEqual(expected);
    const between = parseAnswer('[1, …, 5, …, 9]');
    expect(alignOmissions(between, [1, 2, 5, 7, 9])).toEqual(between);
    expect(alignOmissions(between, [1, 5, 9])).toEqual(between);
    expect(alignOmissions(between, [1, 2, 9])).not.toEqual(between);
    expect(alignOmissions(between, [1, 9, 5])).not.toEqual(between);
    expect(alignOmissions(parseAnswer('[…, {"a":[…, 3]}]'), [{ a: [1] }, { a: [2, 3] }])).toEqual(parseAnswer('[…, {"a":[…, 3]}]'));
    expect(alignOmissions(parseAnswer('{"a":[1,2]}'), { a: [1, 2, 3] })).not.toEqual({ a: [1, 2] });
    expect(alignOmissions(parseAnswer('{"a":1}'), { a: 1, b: 2 })).not.toEqual({ a: 1 });
    expect(parseAnswer('["…", "a … b"]')).toEqual(['…', 'a … b']);
  });
});
