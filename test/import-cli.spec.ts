// Import through the command line, npm run import.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importExportApp } from './support/import-export-app';
import { TestApp, uniq } from './support/test-app';
import { ensureBuilt } from './support/build';

const run = promisify(execFile);

describe('task import and export', () => {
  const io = importExportApp();
  let t: TestApp;
  beforeAll(() => {
    t = io.t;
  });
  const { newPlan, exportCsv } = io;

  describe('npm run import (CLI)', () => {
    const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'import.js');

    beforeAll(async () => {
      await ensureBuilt();
    }, 320_000);

    const runCli = async (args: string[]) => {
      try {
        const { stdout, stderr } = await run('node', [cli, ...args], { env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL }, timeout: 120_000 });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };

    it('imports a file as the ADMIN "cli", with --dry-run writing nothing and errors exiting 1', async () => {
      const plan = await newPlan();
      const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
      const file = join(dir, 'tasks.csv');
      const edited = (await exportCsv(plan.code)).replace('IN_PROGRESS,40', 'IN_PROGRESS,70') + 'C-01,,A2,命令行新建,,,,,,,,,\r\n';
      writeFileSync(file, edited);

      const dry = await runCli(['--plan', plan.code, file, '--dry-run']);
      expect(dry).toMatchObject({ code: 0, stdout: expect.stringContaining('created 1, updated 1, unchanged 3 (dry run: nothing written)') });
      expect(await t.ds.query(`SELECT 1 FROM task WHERE plan_id = $1 AND code = 'C-01'`, [plan.id])).toHaveLength(0);

      const real = await runCli(['--plan', plan.code, file]);
      expect(real).toMatchObject({ code: 0, stdout: expect.stringContaining('created 1, updated 1, unchanged 3') });
      const [history] = await t.ds.query(
        `SELECT u.origin, u.actor_name, u.actor_key_id, u.progress_to FROM task_update u JOIN task t ON t.id = u.task_id WHERE t.plan_id = $1 AND t.code = 'K-01'`,
        [plan.id],
      );
      expect(history).toEqual({ origin: 'IMPORT', actor_name: 'cli', actor_key_id: null, progress_to: 70 });

      const badFile = join(dir, 'bad.csv');
      writeFileSync(badFile, 'code,title,progress\nE-01,好,150\n');
      const bad = await runCli(['--plan', plan.code, badFile]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('row 2, progress: must be an integer from 0 to 100');
      expect(bad.stdout).toContain('nothing was written');

      const usage = await runCli([file]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('usage: npm run import');
      const unknown = await runCli(['--plan', `no-such-${uniq()}`, file]);
      expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('NOT_FOUND') });
      rmSync(dir, { recursive: true, force: true });
    }, 180_000);
  });
});
