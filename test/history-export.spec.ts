import { parse } from 'csv-parse/sync';
import { RECORD_UPDATE } from './support/admin-fixtures';
import { ADMIN_TOKEN, bootTestApp, nodeId, TestApp, uniq } from './support/test-app';

// /export/history.csv|json and /export/readings.csv|json: a plan's task history and indicator readings for a
// spreadsheet or pandas, with the task export's conventions (BOM, quoting, formula escaping, streaming, coded errors),
// and notes, evidence and authors only for the roles that may read them.

describe('history and readings downloads (through the REST routes)', () => {
  let t: TestApp;
  let planCode: string;
  let analyst: string;
  let dashboard: string;
  let editor: string;

  beforeAll(async () => {
    t = await bootTestApp();
    [analyst, dashboard, editor] = [await t.keyFor('ANALYST'), await t.keyFor('DASHBOARD'), await t.keyFor('EDITOR', ['SH'])];
    planCode = `fx-hist-${uniq()}`;
    const [{ id: planId }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end, time_zone) VALUES ($1, 918, '历史导出测试', 2024, 2026, 'Asia/Shanghai') RETURNING id`,
      [planCode],
    );
    const task = async (code: string) =>
      (await t.ds.query(`INSERT INTO task (plan_id, code, title, search_text) VALUES ($1, $2, '任务', E'任务\\n') RETURNING id`, [planId, code]))[0]
        .id as number;
    const [b, a, c] = [await task('H-B'), await task('H-A'), await task('H-C')];
    const record = async (id: number, version: number, input: Record<string, unknown>) => {
      const res = await t.gql(RECORD_UPDATE, { input: { taskId: nodeId('Task', id), expectedVersion: version, ...input } });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    };
    await record(a, 1, {
      status: 'IN_PROGRESS',
      progress: 20,
      occurredOn: '2024-05-01',
      note: '=HYPERLINK("http://evil.example","点我")',
      evidenceUrl: 'https://example.gov.cn/a',
    });
    await record(a, 2, { status: 'COMPLETED', occurredOn: '2024-06-01', note: '完成, 验收通过\n"第二行"' });
    await record(b, 1, { status: 'NOT_STARTED', occurredOn: '2024-04-01' });
    // 150 more rows on task H-C, written as the writer does (version bump and row in one statement), so the embedded
    // database's download takes two pages of 100.
    await t.ds.query(
      `WITH RECURSIVE s AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM s WHERE i < 150)
       INSERT INTO task_update (task_id, version, actor_name, origin, occurred_on, status_from, status_to, progress_from, progress_to, note)
       SELECT $1, i + 1, 'bulk-editor', 'API', date '2024-01-01' + i, CASE WHEN i = 1 THEN 'NOT_REPORTED' ELSE 'IN_PROGRESS' END::task_status,
         'IN_PROGRESS', CASE WHEN i = 1 THEN NULL ELSE i - 1 END, LEAST(i, 99), '第' || i || '次'
       FROM s`,
      [c],
    );
    await t.ds.query(`UPDATE task SET version = 151, status = 'IN_PROGRESS', progress = 99 WHERE id = $1`, [c]);

    const [{ id: sourceId }] = await t.ds.query(
      `INSERT INTO source (title, publisher, url) VALUES ('统计公报', '统计局', 'https://example.gov.cn/s') RETURNING id`,
    );
    // One suffix for both codes: the export orders readings by indicator code, and two uniq() calls in the same
    // millisecond differ only in random characters (the order flipped once, failing CI on Node 24).
    const indicatorSuffix = uniq();
    const [{ id: planIndicator }] = await t.ds.query(`INSERT INTO indicator (code, name, unit, plan_id) VALUES ($1, '高铁里程', '公里', $2) RETURNING id`, [
      `I-${indicatorSuffix}-P`,
      planId,
    ]);
    const [{ id: taskIndicator }] = await t.ds.query(`INSERT INTO indicator (code, name, unit, task_id) VALUES ($1, '+1 覆盖率', '%', $2) RETURNING id`, [
      `I-${indicatorSuffix}-T`,
      a,
    ]);
    await t.ds.query(
      `INSERT INTO indicator_reading (indicator_id, kind, value, qualifier, as_of, as_of_precision, source_id, source_quote, note) VALUES
        ($1, 'ACTUAL', 6704.4, 'EXACT', '2022-12-31', 'YEAR', $3, '营业里程6704.4公里', '据公报'),
        ($1, 'ACTUAL', 7100, 'OVER', '2023-12-31', 'YEAR', $3, '超7100公里', NULL),
        ($2, 'TARGET', 95, 'AT_LEAST', '2025-12-31', 'YEAR', NULL, NULL, '-内部备注')`,
      [planIndicator, taskIndicator, sourceId],
    );
  });
  afterAll(async () => t.close());

  const get = (url: string, token: string | null = ADMIN_TOKEN) =>
    t.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const csv = async (what: string, token: string) => {
    const res = await get(`/export/${what}.csv?plan=${encodeURIComponent(planCode)}`, token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    return parse(res.body, { bom: true, columns: true }) as Record<string, string>[];
  };

  it('gives an analyst every history row, by task code then version, with notes, evidence and authors, safe for a spreadsheet', async () => {
    const rows = await csv('history', analyst);
    expect(rows).toHaveLength(153);
    expect(Object.keys(rows[0])).toEqual([
      'taskCode',
      'version',
      'occurredOn',
      'recordedAt',
      'origin',
      'statusFrom',
      'statusTo',
      'progressFrom',
      'progressTo',
      'changedFields',
      'note',
      'evidenceUrl',
      'author',
    ]);
    expect(rows.map((r) => r.taskCode).filter((c, i, all) => all.indexOf(c) === i)).toEqual(['H-A', 'H-B', 'H-C']);
    expect(rows[0]).toMatchObject({
      taskCode: 'H-A',
      version: '2',
      occurredOn: '2024-05-01',
      origin: 'API',
      statusFrom: 'NOT_REPORTED',
      statusTo: 'IN_PROGRESS',
      progressFrom: '',
      progressTo: '20',
      changedFields: 'status|progress',
      // A formula gets one leading quote, as in the task export.
      note: '\'=HYPERLINK("http://evil.example","点我")',
      evidenceUrl: 'https://example.gov.cn/a',
      author: expect.any(String),
    });
    expect(rows[0].recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows[1]).toMatchObject({ version: '3', statusTo: 'COMPLETED', progressTo: '100', note: '完成, 验收通过\n"第二行"' });
    const c = rows.filter((r) => r.taskCode === 'H-C');
    expect(c.map((r) => Number(r.version))).toEqual(Array.from({ length: 150 }, (_, i) => i + 2));
    expect(c[149]).toMatchObject({ occurredOn: '2024-05-30', progressTo: '99', author: 'bulk-editor', note: '第150次' });
  });

  it("leaves the note, evidence and author columns out of a dashboard's file, and lets an editor download it whole", async () => {
    const rows = await csv('history', dashboard);
    expect(rows).toHaveLength(153);
    expect(Object.keys(rows[0])).toEqual([
      'taskCode',
      'version',
      'occurredOn',
      'recordedAt',
      'origin',
      'statusFrom',
      'statusTo',
      'progressFrom',
      'progressTo',
      'changedFields',
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/HYPERLINK|bulk-editor|example\.gov\.cn/);
    expect(Object.keys((await csv('history', editor))[0])).toContain('note');
  });

  it('writes the same rows as JSON, numbers as numbers', async () => {
    const res = await get(`/export/history.json?plan=${planCode}`, analyst);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`attachment; filename="${planCode}-history-\\d{4}-\\d{2}-\\d{2}\\.json"`));
    const doc = JSON.parse(res.body);
    expect(doc).toMatchObject({ planCode, columns: expect.arrayContaining(['note']), exportedAt: expect.any(String) });
    expect(doc.updates).toHaveLength(153);
    expect(doc.updates[1]).toMatchObject({
      taskCode: 'H-A',
      version: 3,
      progressFrom: 20,
      progressTo: 100,
      changedFields: ['status', 'progress'],
      note: '完成, 验收通过\n"第二行"',
    });
    const forDashboard = JSON.parse((await get(`/export/history.json?plan=${planCode}`, dashboard)).body);
    expect(Object.keys(forDashboard.updates[0])).not.toContain('note');
  });

  it("gives the plan's and its tasks' indicator readings with each figure's qualifier and source, notes for analysts only", async () => {
    const rows = await csv('readings', analyst);
    expect(rows.map((r) => [r.unit, r.kind, r.value, r.qualifier, r.asOf])).toEqual([
      ['公里', 'ACTUAL', '6704.4', 'EXACT', '2022-12-31'],
      ['公里', 'ACTUAL', '7100', 'OVER', '2023-12-31'],
      ['%', 'TARGET', '95', 'AT_LEAST', '2025-12-31'],
    ]);
    expect(rows[0]).toMatchObject({
      indicatorName: '高铁里程',
      taskCode: '',
      sourceTitle: '统计公报',
      sourcePublisher: '统计局',
      sourceUrl: 'https://example.gov.cn/s',
      sourceQuote: '营业里程6704.4公里',
      note: '据公报',
    });
    expect(rows[2]).toMatchObject({ indicatorName: "'+1 覆盖率", taskCode: 'H-A', note: "'-内部备注" });
    const forDashboard = await csv('readings', dashboard);
    expect(Object.keys(forDashboard[0])).not.toContain('note');
    const doc = JSON.parse((await get(`/export/readings.json?plan=${planCode}`, analyst)).body);
    expect(doc.readings.map((r: any) => r.value)).toEqual([6704.4, 7100, 95]);
  });

  it('answers coded REST errors: no key, no plan parameter, an unknown plan', async () => {
    const none = await get(`/export/history.csv?plan=${planCode}`, null);
    expect([none.statusCode, none.json().errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    const missing = await get('/export/readings.json', analyst);
    expect([missing.statusCode, missing.json().errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    const unknown = await get('/export/history.json?plan=no-such-plan', analyst);
    expect([unknown.statusCode, unknown.json().errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    expect(unknown.body).not.toMatch(/SELECT|at \S+ \(/);
  });
});
