// The app's role cannot rewrite history: on a server the app runs as a role that may INSERT history rows but not
// UPDATE, DELETE or TRUNCATE them, nor disable the triggers; migrations run as the owner (MIGRATION_DATABASE_URL).
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ConfigError, loadConfig } from '../src/common/config/app-config';
import { appRoleGrants } from '../src/database/app-role';
import { openDatabase } from '../src/database/open-database';
import { createPlan, createTask, RECORD_UPDATE } from './support/admin-fixtures';
import { freePort } from './support/free-port';
import { bootTestApp, dbKey, TestApp, uniq } from './support/test-app';
import { ensureBuilt } from './support/build';

const onServer = process.env.TEST_DB_KIND === 'server';
const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the app role', () => {
  it('MIGRATION_DATABASE_URL is validated, and needs DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://app@h/db', MIGRATION_DATABASE_URL: 'mysql://x' })).toThrow('MIGRATION_DATABASE_URL must start with');
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgresql://owner@h/db' })).toThrow(ConfigError);
    expect(loadConfig({ DATABASE_URL: 'postgresql://app@h/db', MIGRATION_DATABASE_URL: 'postgresql://owner@h/db' }).MIGRATION_DATABASE_URL).toBe(
      'postgresql://owner@h/db',
    );
  });

  it('grant statements leave every append-only table INSERT and SELECT only, and no TRUNCATE anywhere', async () => {
    const t = await bootTestApp();
    try {
      const statements = await appRoleGrants(t.ds, 'tracker_app');
      expect(statements).toEqual(
        expect.arrayContaining([
          'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "tracker_app"',
          'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "tracker_app"',
          'REVOKE UPDATE, DELETE ON indicator_reading FROM "tracker_app"',
          'REVOKE UPDATE, DELETE ON task_update FROM "tracker_app"',
          'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "tracker_app"',
        ]),
      );
      expect(statements.join('\n')).not.toMatch(/GRANT[^\n]*(TRUNCATE|TRIGGER|ALL PRIVILEGES)/);
    } finally {
      await t.close();
    }
  });

  if (onServer)
    describe('on the PostgreSQL server', () => {
      const ownerUrl = process.env.DATABASE_URL!;
      const role = `apt_app_${uniq()}`;
      const appUrl = (() => {
        const u = new URL(ownerUrl);
        u.username = role;
        u.password = '';
        return u.toString();
      })();
      let t: TestApp;
      let asApp: Client;
      let taskId: string;

      const superuser = async <T>(fn: (c: Client) => Promise<T>) => {
        const c = new Client({ connectionString: ownerUrl });
        await c.connect();
        try {
          return await fn(c);
        } finally {
          await c.end();
        }
      };

      beforeAll(async () => {
        await superuser((c) => c.query(`CREATE ROLE ${role} LOGIN`));
        t = await bootTestApp({ DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: ownerUrl });
        asApp = new Client({ connectionString: appUrl });
        // An idle client's connection ended by the server (a restart by another suite) must not end the test run.
        asApp.on('error', () => undefined);
        await asApp.connect();
      }, 60_000);

      afterAll(async () => {
        await asApp?.end();
        await t?.close();
        await superuser(async (c) => {
          await c.query(`DROP OWNED BY ${role}`);
          await c.query(`DROP ROLE ${role}`);
        });
      });

      it('runs the app as that role: it reads, writes tasks and appends history, with no warning', async () => {
        expect(t.database.warnings).toEqual([]);
        expect((await asApp.query('SELECT current_user AS u')).rows).toEqual([{ u: role }]);
        const plan = await createPlan(t);
        const task = await createTask(t, plan.code);
        taskId = task.id;
        const res = await t.gql(RECORD_UPDATE, { input: { taskId, expectedVersion: 1, status: 'IN_PROGRESS', progress: 30 } });
        expect(res.errors).toBeUndefined();
        expect(res.data.recordTaskUpdate).toMatchObject({ version: 2, progress: 30 });
      });

      // 42501 by privilege, not by the append-only trigger (which raises 42501 too, with "is append-only").
      it.each([
        ['update a history row', `UPDATE task_update SET note = 'rewritten'`, /permission denied for table task_update/],
        ['delete a history row', `DELETE FROM task_update`, /permission denied for table task_update/],
        ['truncate history', `TRUNCATE task_update`, /permission denied for table task_update/],
        ['update a reading', `UPDATE indicator_reading SET value = 0`, /permission denied for table indicator_reading/],
        ['delete a reading', `DELETE FROM indicator_reading`, /permission denied for table indicator_reading/],
        ['disable the append-only triggers', `ALTER TABLE task_update DISABLE TRIGGER ALL`, /must be owner of table task_update/],
        ['skip triggers for the session', `SET session_replication_role = replica`, /permission denied to set parameter/],
        ['drop the trigger function', `DROP FUNCTION reject_history_change() CASCADE`, /must be owner of function/],
        ['record a migration', `INSERT INTO typeorm_migrations (timestamp, name) VALUES (1, 'x')`, /permission denied for table typeorm_migrations/],
      ])('may not %s', async (_what, sql, message) => {
        await expect(asApp.query(sql)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(message) });
      });

      it('leaves the history row it appended as it was', async () => {
        const rows = await superuser((c) => c.query('SELECT note, progress_to FROM task_update WHERE task_id = $1', [dbKey(taskId)]));
        expect(rows.rows).toEqual([{ note: null, progress_to: 30 }]);
      });

      it('given only a superuser URL, the app still opens the database and warns', async () => {
        const db = await openDatabase({ databaseUrl: ownerUrl, dataDir: 'unused' });
        expect(db.warnings).toEqual([expect.stringMatching(/as "postgres" and it is a superuser: it could rewrite history.*MIGRATION_DATABASE_URL/)]);
        // npm start logs it.
        await ensureBuilt();
        const port = await freePort();
        const child = spawn(process.execPath, ['dist/src/start.js'], {
          cwd: ROOT,
          env: { PATH: process.env.PATH, DATABASE_URL: ownerUrl, HOST: '127.0.0.1', PORT: String(port), SEED_ON_START: 'false', LOG_LEVEL: 'warn' },
        });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        try {
          for (
            let i = 0;
            i < 300 &&
            !(await fetch(`http://127.0.0.1:${port}/health/live`).then(
              (r) => r.ok,
              () => false,
            ));
            i++
          )
            await sleep(200);
          expect(output).toContain('it is a superuser: it could rewrite history');
        } finally {
          child.kill('SIGKILL');
        }
      }, 320_000);
    });
});
