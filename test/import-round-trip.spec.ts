// An exported file, edited and imported again: exactly the edited cells change.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { TASK_COLUMNS } from '../src/import-export/task-exchange.format';
import { importExportApp } from './support/import-export-app';
import { nodeId, TestApp } from './support/test-app';

describe('task import and export', () => {
  const io = importExportApp();
  let t: TestApp;
  beforeAll(() => {
    t = io.t;
  });
  const { newPlan, rest, exportCsv, imported, snapshot } = io;

  describe('round trip', () => {
    it('re-imports an unchanged CSV export as 0 created, 0 updated, writing nothing', async () => {
      const plan = await newPlan();
      const before = await snapshot(plan.id);
      expect(await imported(plan.code, await exportCsv(plan.code))).toEqual({ created: 0, updated: 0, unchanged: 4, errors: [] });
      expect(await snapshot(plan.id)).toEqual(before);
    });

    it('re-imports an unchanged JSON export as 0 created, 0 updated', async () => {
      const plan = await newPlan();
      const res = await rest('GET', `/export/tasks.json?plan=${plan.code}`);
      expect(await imported(plan.code, res.body, { format: 'JSON' })).toEqual({ created: 0, updated: 0, unchanged: 4, errors: [] });
    });

    it('changes exactly the edited cells, with one IMPORT history row per changed task', async () => {
      const plan = await newPlan();
      const records: Record<string, string>[] = parse(await exportCsv(plan.code), { bom: true, columns: true });
      records[0].progress = '60';
      records[3].titleEn = 'A task without an area';
      const csv = stringify(records, { header: true, columns: [...TASK_COLUMNS] });
      const before = await snapshot(plan.id);
      expect(await imported(plan.code, csv)).toEqual({ created: 0, updated: 2, unchanged: 2, errors: [] });

      const after = await snapshot(plan.id);
      expect(after.filter((r: { version: number }) => r.version === 2).map((r: { code: string }) => r.code)).toEqual(['K-01', 'K-03']);
      expect(after.find((r: { code: string }) => r.code === 'K-01')).toMatchObject({ progress: 60, history: 1 });
      for (const code of ['K-01-1', 'K-02', 'K-99']) {
        expect(after.find((r: { code: string }) => r.code === code)).toEqual(before.find((r: { code: string }) => r.code === code));
      }
      const history = await t.ds.query(
        `SELECT t.code, u.origin, u.actor_name, u.progress_from, u.progress_to, u.changes FROM task_update u JOIN task t ON t.id = u.task_id
         WHERE t.plan_id = $1 ORDER BY t.code`,
        [plan.id],
      );
      expect(history).toEqual([
        { code: 'K-01', origin: 'IMPORT', actor_name: expect.any(String), progress_from: 40, progress_to: 60, changes: null },
        {
          code: 'K-03',
          origin: 'IMPORT',
          actor_name: expect.any(String),
          progress_from: null,
          progress_to: null,
          changes: { titleEn: [null, 'A task without an area'] },
        },
      ]);
      const [k3] = await t.ds.query(`SELECT title_en FROM task WHERE plan_id = $1 AND code = 'K-03'`, [plan.id]);
      expect(k3.title_en).toBe('A task without an area');
    });

    it('refuses a changed row whose version is stale, and keeps a stale but unchanged row', async () => {
      const plan = await newPlan();
      const csv = await exportCsv(plan.code);
      // Someone reports on two tasks after the export: a note bumps the version and leaves every cell as it was.
      for (const { id } of await t.ds.query(`SELECT id FROM task WHERE plan_id = $1 AND code IN ('K-01', 'K-02')`, [plan.id])) {
        const upd = await t.gql(`mutation($i: RecordTaskUpdateInput!) { recordTaskUpdate(input: $i) { version } }`, {
          i: { taskId: nodeId('Task', id), expectedVersion: 1, note: '导出之后的进展说明' },
        });
        expect(upd.data.recordTaskUpdate.version).toBe(2);
      }
      const edited = csv.replace('IN_PROGRESS,40', 'IN_PROGRESS,45');
      const before = await snapshot(plan.id);
      const result = await imported(plan.code, edited);
      expect(result).toEqual({
        created: 0,
        updated: 0,
        unchanged: 0,
        errors: [{ row: 2, column: 'version', message: expect.stringContaining('now at version 2') }],
      });
      expect(await snapshot(plan.id)).toEqual(before);
      // Without the version column the check is against the version read under lock: the edit goes in.
      const noVersion = edited
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .map((line) => line.replace(/,[^,]*,[^,]*$/, ''))
        .join('\r\n');
      expect(noVersion.split('\r\n')[0]).toBe(TASK_COLUMNS.slice(0, -2).join(','));
      expect(await imported(plan.code, noVersion)).toMatchObject({ updated: 1, unchanged: 3, errors: [] });
    });
  });
});
