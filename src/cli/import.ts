// npm run import -- --plan CODE FILE [--dry-run] [--format csv|json]
// Upserts a plan's tasks from a CSV or JSON file as an ADMIN named "cli", all or nothing, with a progress bar on
// stderr. Prints every bad row; exits 1 when the file had errors (then nothing was written).
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Role } from '../common/domain-enums';
import { Principal } from '../common/graphql-context';
import { ImportCliModule } from './import-cli.module';
import { ImportFormat } from '../import-export/import-format';
import { importPhaseLabel } from '../import-export/import-progress';
import { UPLOAD_MAX_BYTES } from '../import-export/import-limits';
import { ImportProgress, TaskImportService } from '../import-export/task-import.service';
import { EXIT, runCli, UsageError, withAppContext } from './cli-runner';

const USAGE = 'npm run import -- --plan CODE FILE [--dry-run] [--format csv|json]';
const CLI_ADMIN: Principal = { keyId: null, name: 'cli', role: Role.ADMIN, regions: [] };

runCli({
  usage: [USAGE],
  description: 'Upserts a plan\'s tasks from a CSV or JSON file (the export\'s columns) as the ADMIN "cli", all or nothing, with a progress bar on stderr.',
  options: { plan: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, format: { type: 'string' } },
  optionHelp: [
    '--plan CODE      the plan whose tasks the file holds',
    '--dry-run        check every row and report what would change; write nothing',
    '--format FORMAT  csv or json (default: from the file name)',
  ],
  failedMeans: 'the file had errors (each printed); nothing was written',
  database: true,
  async run({ positionals, values }) {
    const [file] = positionals;
    if (!values.plan || !file || positionals.length !== 1) throw new UsageError(`usage: ${USAGE}`);
    const format = (values.format ?? (extname(file).toLowerCase() === '.json' ? 'json' : 'csv')).toUpperCase();
    if (format !== ImportFormat.CSV && format !== ImportFormat.JSON) throw new UsageError(`--format must be csv or json\nusage: ${USAGE}`);
    const content = await readFile(file).catch((err: Error) => {
      throw new UsageError(`cannot read ${file}: ${err.message}`);
    });
    const plan = values.plan;

    return withAppContext('import CLI', ImportCliModule.forRoot, async (app) => {
      const dryRun = values['dry-run'] === true;
      const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} rows', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
      let started = false;
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
        const result = await app.get(TaskImportService).run({ planCode: plan, format, content, dryRun }, CLI_ADMIN, { maxBytes: UPLOAD_MAX_BYTES }, onProgress);
        bar.stop();
        for (const e of result.errors) console.log(`${e.row === null ? 'file' : `row ${e.row}`}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
        if (result.errors.length) {
          console.log(`${result.errors.length} error(s); nothing was written.`);
          return EXIT.FAILED;
        }
        console.log(`created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}${dryRun ? ' (dry run: nothing written)' : ''}`);
        return EXIT.OK;
      } finally {
        bar.stop();
      }
    });
  },
});
