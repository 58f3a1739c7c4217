import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, validateSync } from 'class-validator';
import { IsTimeZone } from '../validators';
import { isIP } from 'node:net';

// true/false/1/0; anything else is kept as given so @IsBoolean refuses it ("flase" must not quietly mean false).
const BOOLEANS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : typeof value === 'boolean' ? value : (BOOLEANS[String(value).toLowerCase()] ?? value);
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
// GRAPHQL_INTROSPECTION: a boolean, or `authenticated` (any case).
const toIntrospection = (arg: { value: unknown }) =>
  typeof arg.value === 'string' && arg.value.trim().toLowerCase() === 'authenticated' ? 'authenticated' : toBool(arg);
const toOptionalString = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

// proxy-addr's names for address ranges, which Fastify's trustProxy also takes.
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** An address, a CIDR block (`10.0.0.0/8`, `fd00::/8`) or a range name. */
function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}
/**
 * TRUST_PROXY: false, true, or a comma-separated list of proxy addresses / CIDR blocks. No hop count: Fastify 5
 * refuses to trust one (it cannot check the immediate peer), so a count would silently trust nothing.
 */
export function parseTrustProxy(value: string): boolean | string[] | undefined {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  const entries = v.split(',').map((e) => e.trim());
  return entries.every(isProxyAddress) ? entries : undefined;
}

export type IntrospectionAccess = 'all' | 'authenticated' | 'none';

/** Every setting the service reads, from the environment, validated once at start-up. */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** A PostgreSQL server; unset means the embedded PGlite database in DATA_DIR. */
  @Transform(toOptionalString)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  DATABASE_URL?: string;

  /**
   * The owner of the schema on a server: migrations run as this role, which then grants DATABASE_URL's role the app's
   * privileges (no UPDATE/DELETE of history). Unset: migrations run as DATABASE_URL.
   */
  @Transform(toOptionalString)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'MIGRATION_DATABASE_URL must start with postgres:// or postgresql://' })
  MIGRATION_DATABASE_URL?: string;

  /** Where the embedded database keeps its files; "memory://" keeps nothing. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DB_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  STATEMENT_TIMEOUT_MS = 5000;

  /**
   * V8 grows the heap by this percentage over the live data after each full collection (0: V8's own choice). V8's own
   * choice on a large machine let ~40 MB of live data grow to ~320 MB RSS under load; 30 keeps it under 200 MB for
   * ~10% more CPU in the collector. No hard limit: a large import can still use what it needs.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  HEAP_GROWING_PERCENT = 30;

  /** Named prepared statements for hot queries on a PostgreSQL server (turn off behind PgBouncer's transaction mode). */
  @Transform(toBool)
  @IsBoolean()
  DB_PREPARED_STATEMENTS = true;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  DB_CONNECT_TIMEOUT_MS = 3000;

  /** Load the seed data set when the database holds no plan yet. */
  @Transform(toBool)
  @IsBoolean()
  SEED_ON_START = true;

  /** Public read-only mode: anonymous callers get the DASHBOARD view. */
  @Transform(toBool)
  @IsBoolean()
  ANONYMOUS_READ = false;

  /** Makes sure an ADMIN key with this token exists at start-up (compose files, CI). */
  @Transform(toOptionalString)
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'BOOTSTRAP_ADMIN_TOKEN must be at least 24 characters' })
  @MaxLength(512)
  BOOTSTRAP_ADMIN_TOKEN?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  RATE_LIMIT_PER_MINUTE = 600;

  /**
   * Who may introspect the schema: true (everyone), false (no one), or `authenticated` (callers with an API key;
   * anonymous callers are refused). Unset: everyone outside production, no one in production.
   */
  @Transform(toIntrospection)
  @IsOptional()
  @IsIn([true, false, 'authenticated'], { message: 'GRAPHQL_INTROSPECTION must be true, false or authenticated' })
  GRAPHQL_INTROSPECTION?: boolean | 'authenticated';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  SHUTDOWN_GRACE_MS = 10000;

  /** Comma-separated origins allowed by CORS; empty means no cross-origin access. */
  @IsString()
  CORS_ORIGINS = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** The time zone of a plan created without one: its rules ("not in the future", overdue) use the date on that clock. */
  @IsTimeZone()
  DEFAULT_TIME_ZONE = 'UTC';
  /** Time to receive a whole request, headers and body; a slower client gets 408 and its connection closed. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600000)
  REQUEST_TIMEOUT_MS = 30000;

  /** How long an idle keep-alive connection stays open (above a load balancer's own idle timeout, often 60 s). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  KEEP_ALIVE_TIMEOUT_MS = 72000;

  /**
   * Whether X-Forwarded-For / -Proto / -Host are believed: false (default: the socket's address counts), true (any
   * peer), or the load balancers' addresses / CIDR blocks, comma-separated. Rate limits and logs use the address
   * this gives.
   */
  @ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseTrustProxy(value) !== undefined,
      defaultMessage: () => 'TRUST_PROXY must be true, false, or comma-separated proxy addresses / CIDR blocks (e.g. 10.0.0.0/8,127.0.0.1)',
    },
  })
  TRUST_PROXY = 'false';

  /** Seconds a shared cache may serve an anonymous (ANONYMOUS_READ) GraphQL GET answer without revalidating. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  CACHE_PUBLIC_MAX_AGE = 10;

  /**
   * Keep the replies to GraphQL queries, and the per-plan aggregates' answers (progressByArea, progressByRegion,
   * roundComparison), in memory until the data changes (src/http-cache/answer-cache.service.ts); false computes every answer.
   */
  @Transform(toBool)
  @IsBoolean()
  ANSWER_CACHE = true;

  /**
   * Milliseconds between the answer cache's checks of the data version: the bound on how long an answer may outlive a
   * change this instance did not hear of (a change another process made through the embedded database's socket, a
   * lost LISTEN connection) and on how late "today" turns at midnight.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  ANSWER_CACHE_CHECK_MS = 1000;

  /** Answers the answer cache keeps at most (least recently used go first). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  ANSWER_CACHE_MAX_ENTRIES = 1000;

  /** Bytes of kept answers at most, roughly (a GraphQL reply counts its length); larger single answers are not kept. */
  @Transform(toInt)
  @IsInt()
  @Min(65536)
  @Max(4294967296)
  ANSWER_CACHE_MAX_BYTES = 33554432;

  /** A manifest of trusted documents, `{ "<id>": "<query text>" }` (GraphQL Codegen, Relay) or Apollo's persisted-query manifest. */
  @Transform(toOptionalString)
  @IsOptional()
  @IsString()
  @MinLength(1)
  TRUSTED_DOCUMENTS?: string;

  /** Allow-list mode: only documents of the TRUSTED_DOCUMENTS manifest run (ADMIN keys excepted). */
  @Transform(toBool)
  @IsBoolean()
  TRUSTED_DOCUMENTS_ONLY = false;

  /** gzip / brotli for answers of 1 KB and more, by Accept-Encoding (off behind a proxy that compresses). */
  @Transform(toBool)
  @IsBoolean()
  COMPRESSION = true;

  /** A bearer token that may read /metrics (besides ADMIN keys), for a Prometheus scraper. */
  @Transform(toOptionalString)
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters' })
  @MaxLength(512)
  METRICS_TOKEN?: string;

  /** GraphQL subscriptions over WebSocket and the NOTIFY each task change sends for them (src/live); false turns both off. */
  @Transform(toBool)
  @IsBoolean()
  LIVE_UPDATES = true;

  /** Open subscription connections one API key (an address, for anonymous callers) may hold; more are refused. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LIVE_MAX_CONNECTIONS_PER_KEY = 20;

  /** How often each subscription connection is pinged; one that has not answered the previous ping is dropped. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  LIVE_HEARTBEAT_MS = 30000;

  /** Bytes a subscription connection may have waiting to be sent; a client that reads slower is dropped, never buffered. */
  @Transform(toInt)
  @IsInt()
  @Min(16384)
  @Max(1073741824)
  LIVE_MAX_BUFFERED_BYTES = 4194304;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** TRUST_PROXY as Fastify's trustProxy option takes it. */
  get trustProxy(): boolean | string[] {
    return parseTrustProxy(this.TRUST_PROXY) ?? false;
  }

  /** Who may introspect: `all`, `authenticated` (callers with a key) or `none`. */
  get introspection(): IntrospectionAccess {
    const setting = this.GRAPHQL_INTROSPECTION ?? !this.isProduction;
    return setting === 'authenticated' ? 'authenticated' : setting ? 'all' : 'none';
  }
}

/** Thrown when the environment holds a bad value; the message names each variable. */
export class ConfigError extends Error {}

/** Reads and validates the settings; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const plain: Record<string, unknown> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'MIGRATION_DATABASE_URL',
    'BOOTSTRAP_ADMIN_TOKEN',
    'GRAPHQL_INTROSPECTION',
    'TRUSTED_DOCUMENTS',
    'METRICS_TOKEN',
  ]) {
    if (env[key] !== undefined) plain[key] = env[key];
  }
  const config = plainToInstance(AppConfig, plain);
  const errors = validateSync(config, { whitelist: false });
  const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (config.MIGRATION_DATABASE_URL && !config.DATABASE_URL) lines.push('MIGRATION_DATABASE_URL: needs DATABASE_URL (the embedded database has one role)');
  if (config.TRUSTED_DOCUMENTS_ONLY && !config.TRUSTED_DOCUMENTS)
    lines.push('TRUSTED_DOCUMENTS_ONLY: needs TRUSTED_DOCUMENTS (the manifest of the documents allowed)');
  if (lines.length > 0) {
    throw new ConfigError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
