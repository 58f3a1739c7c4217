// npm run import -- --plan CODE FILE [--dry-run] [--format csv|json]
// Upserts a plan's tasks from a CSV or JSON file as an ADMIN named "cli", all or nothing, with a progress bar on
// stderr. Prints every bad row; exits 1 when the file had errors (then nothing was written).
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from '../common/config/app-config';
import { Role } from '../common/domain-enums';
import { DomainException } from '../common/errors/domain.exception';
import { Principal } from '../common/graphql-context';
import { openDatabase } from '../database/open-database';
import { ImportCliModule } from '../import-export/import-cli.module';
import { ImportFormat } from '../import-export/import-format';
import { importPhaseLabel } from '../import-export/import-progress';
import { UPLOAD_MAX_BYTES } from '../import-export/import-limits';
import { ImportProgress, TaskImportService } from '../import-export/task-import.service';

const USAGE = 'usage: npm run import -- --plan CODE FILE [--dry-run] [--format csv|json]';
const CLI_ADMIN: Principal = { keyId: null, name: 'cli', role: Role.ADMIN, regions: [] };

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { plan: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, format: { type: 'string' } },
  });
  const [file] = positionals;
  if (!values.plan || !file || positionals.length !== 1) throw new Error(USAGE);
  const format = (values.format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'csv')).toUpperCase();
  if (format !== ImportFormat.CSV && format !== ImportFormat.JSON) throw new Error(`--format must be csv or json\n${USAGE}`);
  const content = await readFile(file);

  const config = loadConfig({ ...process.env, SEED_ON_START: 'false' });
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const app = await NestFactory.createApplicationContext(ImportCliModule.forRoot(config, db.url), { logger: ['error'] });
  const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} rows', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  const dryRun = values['dry-run'] === true;
  const onProgress = (p: ImportProgress) => {
    const phase = importPhaseLabel(p.phase, dryRun);
    if (!started) bar.start(p.total, p.done, { phase });
    else {
      bar.setTotal(p.total);
      bar.update(p.done, { phase });
    }
    started = true;
  };
  try {
    const result = await app.get(TaskImportService).run({ planCode: values.plan, format, content, dryRun }, CLI_ADMIN, { maxBytes: UPLOAD_MAX_BYTES }, onProgress);
    bar.stop();
    for (const e of result.errors) console.log(`${e.row === null ? 'file' : `row ${e.row}`}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
    if (result.errors.length) {
      console.log(`${result.errors.length} error(s); nothing was written.`);
      return 1;
    }
    console.log(`created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}${dryRun ? ' (dry run: nothing written)' : ''}`);
    return 0;
  } finally {
    bar.stop();
    await app.close();
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof DomainException ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
