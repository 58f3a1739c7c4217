// Export → import is exact for every text the API accepts (issue 9 item 11): a property test over values that
// pass createTask's own validation, written as CSV and JSON and read back by the import's parser and row checks.
import { toGlobalId } from '../common/global-id';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { TaskStatus } from '../common/domain-enums';
import { CreateTaskInput } from '../task-updates/dto/create-task.input';
import { UpdateTaskInput } from '../task-updates/dto/update-task.input';
import { TASK_TITLE_MAX } from '../tasks/task-text.rules';
import { ImportFormat } from './import-format';
import { decodeUtf8, parseTaskFile } from './task-file.parser';
import { ExportRow, renderCsv, renderJson } from './task-file.renderer';
import { RowContext } from './task-exchange.format';
import { checkRow } from './task-row.rules';

const ctx: RowContext = { areaCodes: new Set(), regionCodes: new Set(['SH', 'JS', 'ZJ', 'AH']) };

/** True when createTask would accept these texts. */
const apiAccepts = (title: string, titleEn: string | undefined, leadAgencies: string[]) =>
  validateSync(plainToInstance(CreateTaskInput, { planCode: 'P', code: 'K-1', title, titleEn, leadAgencies })).length === 0;

// Texts that tend to break a format: formula starts behind blanks, apostrophes, line breaks, the list separator,
// surrounding spaces, control and format characters, astral characters that JavaScript counts twice.
const tricky = fc.constantFrom(
  '=',
  '+',
  '-',
  '@',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  "'",
  "''",
  '|',
  ',',
  '"',
  '\u200b',
  '\ufeff',
  '\u0007',
  '\u0085',
  '\u3000',
  '😀',
  '\ud83d',
  'HYPERLINK("http://x")',
  '长三角',
  'a',
  '1',
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(tricky, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.tuple(fc.array(tricky, { maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 10 })).map(([a, b]) => a.join('') + b),
);
// Titles at (and just past) the length limit, in one- and two-unit characters.
const longTitle = fc
  .tuple(fc.constantFrom('长', '😀', 'a'), fc.integer({ min: TASK_TITLE_MAX - 1, max: TASK_TITLE_MAX + 1 }), fc.constantFrom('', '=', ' '))
  .map(([c, n, prefix]) => (prefix + c.repeat(n)).slice(0, prefix.length + c.length * n));

const accepted = fc
  .record({
    title: fc.oneof(text, longTitle),
    titleEn: fc.option(text, { nil: undefined }),
    leadAgencies: fc.array(text, { maxLength: 21 }),
  })
  .filter((v) => apiAccepts(v.title, v.titleEn, v.leadAgencies));

const exportRow = (v: { title: string; titleEn?: string; leadAgencies: string[] }): ExportRow => ({
  code: 'K-1',
  parentCode: null,
  areaCode: null,
  title: v.title,
  titleEn: v.titleEn ?? null,
  status: TaskStatus.NOT_REPORTED,
  progress: null,
  leadRegions: [],
  leadAgencies: v.leadAgencies,
  startDate: null,
  dueDate: null,
  version: 1,
  latestUpdateDate: null,
});

async function readBack(format: ImportFormat, bytes: Buffer) {
  const parsed = await parseTaskFile(format, decodeUtf8(bytes)!, 10, 'P');
  expect(parsed.errors).toEqual([]);
  expect(parsed.rows).toHaveLength(1);
  const checked = checkRow(parsed.rows[0], ctx);
  expect(checked.errors).toEqual([]);
  return checked.values!;
}

describe('export → import of what the API accepts', () => {
  it('reads every accepted title, titleEn and agency list back exactly from CSV and JSON', async () => {
    await fc.assert(
      fc.asyncProperty(accepted, async (v) => {
        const row = exportRow(v);
        for (const [format, bytes] of [
          [ImportFormat.CSV, renderCsv([row])],
          [ImportFormat.JSON, renderJson('P', [row], new Date())],
        ] as const) {
          const back = await readBack(format, bytes);
          expect(back.title).toBe(v.title);
          expect(back.titleEn ?? undefined).toBe(v.titleEn);
          expect(back.leadAgencies).toEqual(v.leadAgencies);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never lets a spreadsheet see a formula or a row break in an exported CSV cell', () => {
    const formula = /^[\s\p{Cc}\p{Cf}]*[=+\-@]/u;
    fc.assert(
      fc.property(accepted, (v) => {
        const records: string[][] = parse(renderCsv([exportRow(v)]), { bom: true, relax_column_count: false });
        expect(records).toHaveLength(2);
        for (const cell of records[1]) expect(cell).not.toMatch(formula);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses at input what the format could not carry', () => {
    expect(apiAccepts('标题', undefined, ['上海|江苏'])).toBe(false);
    expect(apiAccepts('标题', undefined, [' 上海市科委'])).toBe(false);
    expect(apiAccepts('标题', undefined, ['上海\n科委'])).toBe(false);
    expect(apiAccepts('a\u0007b', undefined, [])).toBe(false);
    expect(apiAccepts('\ud83d', undefined, [])).toBe(false);
    expect(apiAccepts('😀'.repeat(TASK_TITLE_MAX), undefined, [])).toBe(true);
    expect(apiAccepts('😀'.repeat(TASK_TITLE_MAX + 1), undefined, [])).toBe(false);
    expect(apiAccepts(' 前后有空格 \n第二行\t', undefined, [])).toBe(true);
  });
});

describe('task text validation', () => {
  it('answers null or non-text values with a message, not a crash', () => {
    const errors = validateSync(plainToInstance(CreateTaskInput, { planCode: 'P', code: 'K-1', title: null, leadAgencies: [1, null] }));
    expect(errors.map((e) => [e.property, Object.values(e.constraints ?? {}).join(' ')])).toEqual([
      ['title', expect.stringContaining('must be text')],
      ['leadAgencies', expect.stringContaining('must be a list of agency names')],
    ]);
    const update = validateSync(plainToInstance(UpdateTaskInput, { id: toGlobalId('Task', 1), expectedVersion: 1, leadAgencies: null }));
    expect(update.map((e) => [e.property, Object.values(e.constraints ?? {}).join(' ')])).toEqual([
      ['leadAgencies', expect.stringContaining('must be a list')],
    ]);
  });
});
