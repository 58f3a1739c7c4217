// The one bootstrap of every command-line script: --help (printed before anything is opened), argument parsing,
// the configuration, the database (through the running server when it holds DATA_DIR), a Nest context when the
// command needs services, closing all of it, and one rule for messages and exit codes.
import 'reflect-metadata';
import { parseArgs, ParseArgsConfig } from 'node:util';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, loadConfig } from '../common/config/app-config';
import { DomainException } from '../common/errors/domain.exception';
import { DatabaseHandle, openConfiguredDatabase } from '../database/open-database';

/** Exit codes shared by every CLI (each lists them in its --help). */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** The command ran and found a problem it reports (bad rows, a stale file, pending migrations). */
  FAILED: 1,
  /** The command could not run: wrong usage, a bad setting, an unknown record, the database unreachable. */
  ERROR: 2,
} as const;

/** Wrong arguments: the message and a pointer to --help, exit 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

export interface CliCommand<O extends Options> {
  /** Lines after "Usage:", e.g. "npm run apikey -- list". */
  usage: string[];
  description: string;
  options: O;
  /** One line per option, as printed under "Options:". */
  optionHelp?: string[];
  /** What exit code 1 means for this command; without it the command never exits 1. */
  failedMeans?: string;
  /** Uses the database: --help says which one. */
  database?: boolean;
  run(args: Parsed<O>): Promise<number | void>;
}

function helpText(cmd: CliCommand<Options>): string {
  const lines = [`Usage: ${cmd.usage[0]}`, ...cmd.usage.slice(1).map((u) => `       ${u}`), '', cmd.description, ''];
  const options = [...(cmd.optionHelp ?? []), '--help, -h  print this help and exit (nothing is opened or changed)'];
  lines.push('Options:', ...options.map((o) => `  ${o}`), '');
  if (cmd.database) {
    lines.push(
      'Database: the PostgreSQL server of DATABASE_URL, else the embedded database in DATA_DIR (./data); while',
      'another process (npm start) holds DATA_DIR, the command works through that process.',
      '',
    );
  }
  lines.push('Exit codes:', `  ${EXIT.OK}  done`);
  if (cmd.failedMeans) lines.push(`  ${EXIT.FAILED}  ${cmd.failedMeans}`);
  lines.push(`  ${EXIT.ERROR}  could not run: wrong usage, a bad setting, an unknown record, or the database unreachable (message on stderr)`);
  return lines.join('\n') + '\n';
}

function describe(err: unknown): string {
  if (err instanceof UsageError) return `${err.message}\nRun with --help for usage.`;
  if (err instanceof DomainException) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message || String(err) : String(err);
}

/** Runs a command as the process's main: parses process.argv, answers --help, exits with the command's code. */
export function runCli<O extends Options>(cmd: CliCommand<O>): void {
  const argv = process.argv.slice(2);
  const beforeDashes = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) {
    process.stdout.write(helpText(cmd as unknown as CliCommand<Options>));
    return;
  }
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: argv, options: cmd.options, allowPositionals: true, strict: true }) as Parsed<O>;
  } catch (err) {
    console.error(describe(new UsageError((err as Error).message)));
    process.exit(EXIT.ERROR);
  }
  cmd.run(parsed).then(
    (code) => process.exit(code ?? EXIT.OK),
    (err: unknown) => {
      // An unexpected failure keeps its stack; a known one (usage, settings, database set-up, domain) is one message.
      const known = err instanceof UsageError || err instanceof ConfigError || err instanceof DomainException || (err as Error)?.name === 'DatabaseSetupError';
      console.error(known ? describe(err) : err);
      process.exit(EXIT.ERROR);
    },
  );
}

/** The configuration and the database for a CLI named `name`; `fn` gets both, and the database is closed after. */
export async function withDatabase<T>(
  name: string,
  fn: (config: AppConfig, db: DatabaseHandle) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const config = loadConfig({ ...env, SEED_ON_START: 'false' });
  const db = await openConfiguredDatabase(config, name);
  try {
    return await fn(config, db);
  } finally {
    await db.stop();
  }
}

/** withDatabase plus a Nest application context over it (migrations run first); both closed after. */
export async function withAppContext<T>(
  name: string,
  module: (config: AppConfig, databaseUrl: string) => DynamicModule,
  fn: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  return withDatabase(name, async (config, db) => {
    const app = await NestFactory.createApplicationContext(module(config, db.url), { logger: ['error'] });
    try {
      // An embedded database this CLI opened itself is migrated now: other CLIs may work through it.
      db.publish();
      return await fn(app);
    } finally {
      await app.close();
    }
  });
}
