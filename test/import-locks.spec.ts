// An import locks only the rows it changes (issue 11 H): its cost follows the file, not the plan, and writers to
// other tasks of the plan are not blocked by it, nor is it blocked by them.
import { Client } from 'pg';
import { TaskWriter } from '../src/task-updates/task-writer';
import { bootTestApp, TestApp, uniq } from './support/test-app';

const IMPORT = `mutation($input: ImportTasksInput!) { importTasks(input: $input) { created updated unchanged errors { row column message } } }`;
const onServer = process.env.TEST_DB_KIND === 'server';

describe('import locking', () => {
  let t: TestApp;
  let planCode: string;
  let ids: Record<string, number>;

  beforeAll(async () => {
    t = await bootTestApp();
    planCode = `lock-${uniq()}`;
    const [{ id }] = await t.ds.query(`INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, '锁测试', 2024, 2026) RETURNING id`, [
      planCode,
    ]);
    const rows: { id: number; code: string }[] = await t.ds.query(
      `INSERT INTO task (plan_id, code, title, search_text) SELECT $1, 'L-' || lpad(i::text, 4, '0'), '任务' || i, '任务' || i || E'\\n' FROM generate_series(1, 500) i RETURNING id, code`,
      [id],
    );
    ids = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  });
  afterAll(async () => t.close());

  const importCsv = async (csv: string) => {
    const res = await t.gql(IMPORT, { input: { planCode, format: 'CSV', content: csv, dryRun: false } });
    expect(res.errors).toBeUndefined();
    return res.data.importTasks;
  };

  it('reads only the tasks the file names and their ancestors, whatever the plan holds', async () => {
    const statements: string[] = [];
    const logger = t.ds.logger as unknown as { logQuery: (q: string, p?: unknown[]) => void };
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (q: string, p?: unknown[]) => {
      statements.push(q);
      original(q, p);
    };
    try {
      expect(await importCsv('code,title,parentCode\r\nL-0001,改名一,\r\nN-1,新的,L-0002\r\n')).toMatchObject({ created: 1, updated: 1, errors: [] });
    } finally {
      logger.logQuery = original;
    }
    expect(statements.some((q) => /FOR UPDATE OF t/.test(q))).toBe(false);
    const [row] = await t.ds.query(
      `SELECT p.code AS parent FROM task c JOIN task p ON p.id = c.parent_id WHERE c.code = 'N-1' AND c.plan_id = (SELECT id FROM plan WHERE code = $1)`,
      [planCode],
    );
    expect(row).toEqual({ parent: 'L-0002' });
  });

  // PGlite has one session behind every connection, so a second connection's open transaction stalls everything
  // there: row-level concurrency can only be shown on the server.
  if (onServer)
    describe('on the PostgreSQL server', () => {
      let other: Client;
      beforeEach(async () => {
        other = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'import-locks-spec' });
        await other.connect();
      });
      afterEach(async () => {
        await other.query('ROLLBACK').catch(() => undefined);
        await other.end();
      });

      it('is not blocked by a writer holding another task of the plan, and does not block it', async () => {
        await other.query('BEGIN');
        await other.query('SELECT id FROM task WHERE id = $1 FOR UPDATE', [ids['L-0400']]);
        const started = Date.now();
        expect(await importCsv('code,title\r\nL-0010,改名十\r\nL-0011,改名十一\r\n')).toMatchObject({ updated: 2, errors: [] });
        expect(Date.now() - started).toBeLessThan(2000);
        // The writer's own change to its task still goes through and commits.
        await other.query(`UPDATE task SET title = '另一个写者' WHERE id = $1`, [ids['L-0400']]);
        await other.query('COMMIT');
        const [row] = await t.ds.query('SELECT title FROM task WHERE id = $1', [ids['L-0400']]);
        expect(row.title).toBe('另一个写者');
      });

      it('does not block a writer to another task while it runs', async () => {
        // Pause the import inside its transaction, after it has written its first row.
        let written!: () => void;
        let resume!: () => void;
        const firstWrite = new Promise<void>((r) => (written = r));
        const gate = new Promise<void>((r) => (resume = r));
        const apply = TaskWriter.prototype.apply;
        const spy = jest.spyOn(TaskWriter.prototype, 'apply').mockImplementation(async function (this: TaskWriter, ...args) {
          const result = await apply.apply(this, args);
          written();
          await gate;
          return result;
        });
        try {
          const running = importCsv('code,title\r\nL-0030,改名三十\r\n');
          await firstWrite;
          await other.query("SET lock_timeout = '1s'");
          const started = Date.now();
          await other.query(`UPDATE task SET title = '另一个写者' WHERE id = $1`, [ids['L-0031']]);
          expect(Date.now() - started).toBeLessThan(1000);
          resume();
          expect(await running).toMatchObject({ updated: 1, errors: [] });
        } finally {
          resume();
          spy.mockRestore();
        }
      });
    });
});
