// Operation limits, enforced as GraphQL validation rules before anything runs (graphql-armor's rules and
// graphql-query-complexity). Defaults follow graphql-armor and the OWASP GraphQL cheat sheet; see README.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  DocumentNode,
  FieldNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isListType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  SelectionSetNode,
  validate,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { IntrospectionAccess } from './config/app-config';
import { ErrorCode } from './errors/error-code.enum';
import { DEFAULT_PAGE_SIZE } from './pagination/pagination.args';

export const LIMITS = {
  /** The deepest legitimate query is 9 levels: plan → areas → tasks → edges → node → history → edges → node → note. */
  depth: 10,
  aliases: 15,
  directives: 50,
  tokens: 2000,
  cost: 5000,
  /** Nesting of a JSON request body (variables included); the API's deepest input is under 8 levels. */
  jsonDepth: 32,
  /** Assumed length of a list field with no `first` argument, for the cost estimate. */
  listSize: 10,
  /** Cost of a connection's `totalCount`: a count reads every matching row's index entry, not just a page. */
  count: 20,
};

/** Better guesses for short lists whose size the domain fixes (4 regions, up to 9 areas a plan, a few rounds). */
const LIST_SIZES: Record<string, number> = {
  'Query.plans': 5,
  'Query.regions': 4,
  'Query.roundComparison': 10,
  'Query.progressByArea': 12,
  'Query.progressByRegion': 5,
  // A plan publishes 6–9 areas (the seed's and the benchmark's); 10 leaves room without refusing a page per area.
  'Plan.areas': 10,
  'Plan.evaluations': 5,
  'Plan.indicators': 8,
  'Task.leadRegions': 4,
  'Task.indicators': 5,
  'Indicator.readings': 10,
  'Indicator.targets': 3,
  'IndicatorReading.conflictsWith': 3,
};

const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });

/** Re-reports an armor rejection with our code instead of the generic one. */
const report = () => ({
  propagateOnRejection: false,
  exposeLimits: true,
  onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(tooComplex(err.message.replace(/^Syntax Error: /, '')))],
});

/** True when a connection's selection may ask for its total: a direct or inline-fragment `totalCount`, or any named fragment. */
function mayCount(node: FieldNode): boolean {
  const selects = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) =>
      s.kind === Kind.FIELD ? s.name.value === 'totalCount' : s.kind === Kind.INLINE_FRAGMENT ? selects(s.selectionSet) : true,
    );
  return selects(node.selectionSet);
}

/**
 * Cost of a field: a list multiplies its children's cost by `first` (or a fixed guess when it has none);
 * a connection is paid for by its `first`, so its `edges` list does not multiply again. A connection costs at least
 * one page's worth however small `first` is (with `first: 0` it still answers its total and page info), plus a count
 * when it asks for `totalCount`: nested under a list, each parent's count is real work.
 */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity, field, type, node }) => {
  // Introspection is answered from the in-memory schema, never the database, and graphql-js's own
  // MaxIntrospectionDepthRule bounds its nesting; counting its lists as 10 would refuse GraphiQL's own query.
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 1 + childComplexity;
  // A connection is paid for by its page size: first, last, or the default when neither is given.
  const size =
    typeof args.first === 'number'
      ? args.first
      : typeof args.last === 'number'
        ? args.last
        : getNamedType(field.type).name.endsWith('Connection')
          ? DEFAULT_PAGE_SIZE
          : undefined;
  const first = size !== undefined ? Math.max(size, 1) : undefined;
  if (first !== undefined) return 1 + first * childComplexity + (mayCount(node) ? LIMITS.count : 0);
  if (field.name === 'edges') return 1 + childComplexity;
  if (isListType(getNullableType(field.type))) return 1 + (LIST_SIZES[`${type.name}.${field.name}`] ?? LIMITS.listSize) * childComplexity;
  return undefined;
};

/** Static validation rules (cached with the parsed query by Mercurius). */
export function limitRules(opts: { introspection: IntrospectionAccess }): ValidationRule[] {
  const rules: ValidationRule[] = [
    maxDepthRule({ n: LIMITS.depth, flattenFragments: true, ignoreIntrospection: opts.introspection !== 'none', ...report() }) as unknown as ValidationRule,
    maxAliasesRule({ n: LIMITS.aliases, ...report() }) as unknown as ValidationRule,
    maxDirectivesRule({ n: LIMITS.directives, ...report() }) as unknown as ValidationRule,
  ];
  if (opts.introspection === 'none') rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

// Outcome per parsed document (Mercurius hands out the same DocumentNode for the same source).
const introspecting = new WeakMap<DocumentNode, readonly GraphQLError[]>();

/**
 * Refuses a document that introspects the schema (`__schema`, `__type`; `__typename` is fine), for callers who may
 * not: the same rule and message as when introspection is off for everyone. Runs per request, after validation,
 * because validation outcomes are cached per document whoever sent it.
 */
export function checkIntrospection(schema: GraphQLSchema, document: DocumentNode): void {
  let errors = introspecting.get(document);
  if (!errors) introspecting.set(document, (errors = validate(schema, document, [NoSchemaIntrospectionCustomRule])));
  if (errors.length) throw errors[0];
}

/**
 * The cost of the operation that will run: the named one, or, with no name, the highest of the document's operations.
 * An operation whose variables do not fit is skipped (if it is the one that runs, execution refuses it before any
 * resolver), but never lets another operation through unmeasured: each is measured on its own.
 */
function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string | null): number {
  const names = operationName ? [operationName] : document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value] : []));
  let highest = 0;
  for (const name of names) {
    try {
      const cost = getComplexity({
        schema,
        query: document,
        variables,
        operationName: name,
        estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
      });
      highest = Math.max(highest, cost);
    } catch {
      // bad or missing variables for this operation: execution reports them with the right code
    }
  }
  return highest;
}

/** Refuses an operation whose estimated cost (with its variables: `first: $n` counts) is over the limit. */
// Both checks run on every request; dashboards send the same few documents again and again, so their outcomes are
// remembered: a source that passed the token limit, and a document's cost per (operation, small variables).
// Mercurius hands out the same DocumentNode for the same source (its parse cache), so the WeakMap key holds.
const CACHE_MAX = 1000;
const passedSources = new Set<string>();
const costs = new WeakMap<DocumentNode, Map<string, number>>();

export function checkCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null) {
  const vars = JSON.stringify(variables ?? {});
  const key = vars.length <= 1024 ? `${operationName ?? ''}\u0000${vars}` : null;
  let byVars = costs.get(document);
  let cost = key === null ? undefined : byVars?.get(key);
  if (cost === undefined) {
    cost = operationCost(schema, document, variables ?? {}, operationName);
    if (key !== null) {
      if (!byVars) costs.set(document, (byVars = new Map()));
      if (byVars.size >= CACHE_MAX) byVars.clear();
      byVars.set(key, cost);
    }
  }
  if (cost > LIMITS.cost) {
    throw tooComplex(`Query cost ${cost} is over the limit of ${LIMITS.cost}; ask for smaller pages or fewer nested lists`);
  }
}

/**
 * Parses the document once with the token limit, before Mercurius does. A document that is not GraphQL is
 * refused here with its syntax error: Mercurius would otherwise retry it as a JSON-encoded AST, which skips
 * the token limit and crashes validation on a malformed tree ({"query": "5"} was an INTERNAL_SERVER_ERROR).
 */
export function checkDocument(source: string): void {
  if (passedSources.has(source)) return;
  try {
    parse(source, { maxTokens: LIMITS.tokens });
    if (passedSources.size >= CACHE_MAX) passedSources.clear();
    passedSources.add(source);
  } catch (err) {
    // graphql-js: "Document contains more that N tokens. Parsing aborted." (sic)
    if (err instanceof GraphQLError && /contains more th\w+ \d+ tokens/i.test(err.message)) {
      throw tooComplex(`The document has more than ${LIMITS.tokens} tokens`);
    }
    throw err;
  }
}
