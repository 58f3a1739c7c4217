// Import through the importTasks mutation: checks, all or nothing, dry runs, roles.
import { TaskImportService } from '../src/import-export/task-import.service';
import { ImportFormat } from '../src/import-export/import-format';
import { HEADER, IMPORT, importExportApp } from './support/import-export-app';
import { ADMIN_TOKEN, expectError, TestApp, uniq } from './support/test-app';

describe('task import and export', () => {
  const io = importExportApp();
  let t: TestApp;
  beforeAll(() => {
    t = io.t;
  });
  const { tokens, newPlan, rest, exportCsv, importTasks, imported, snapshot, multipart } = io;

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
        {
          code: 'N-01',
          parent: null,
          area: 'A1',
          basis: 'STATED',
          status: 'COMPLETED',
          progress: 100,
          version: 1,
          lead_agencies: [],
          due: null,
          regions: ['SH'],
          history: 0,
        },
        {
          code: 'N-01-1',
          parent: 'N-01',
          area: 'A2',
          basis: 'STATED',
          status: 'NOT_REPORTED',
          progress: null,
          version: 1,
          lead_agencies: ['浙江省交通厅'],
          due: '2026-06-30',
          regions: ['AH', 'ZJ'],
          history: 0,
        },
        {
          code: 'N-02',
          parent: 'K-01',
          area: null,
          basis: 'NOT_STATED',
          status: 'IN_PROGRESS',
          progress: 5,
          version: 1,
          lead_agencies: [],
          due: null,
          regions: [],
          history: 0,
        },
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
        [2, 'status'],
        [3, 'progress'],
        [4, 'areaCode'],
        [6, 'code'],
        [7, 'progress'],
        [8, 'startDate'],
        [9, 'leadRegions'],
        [10, 'title'],
        [11, 'dueDate'],
        [13, null],
        [15, 'progress'],
        [16, 'code'],
        [17, 'code'],
      ]);
      expect(result.errors.find((e) => e.row === 6)!.message).toMatch(/duplicate code H-04.*row 5/);
      expect(result.errors.find((e) => e.row === 4)!.message).toMatch(/unknown area A9/);
      // A child of a bad row is not blamed for its parent; a parent chain that loops back is refused.
      const family = await imported(plan.code, 'code,parentCode,title,progress\nP-1,,父,150\nP-1-1,P-1,子,\nK-01,K-01-1,成环,\nP-2,Q-404,无父,\n');
      expect(family.errors.map((e) => [e.row, e.column])).toEqual([
        [2, 'progress'],
        [4, 'parentCode'],
        [5, 'parentCode'],
      ]);
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
      expect(result.errors.map((e) => [e.row, e.column])).toEqual([
        [2, 'progress'],
        [2, 'leadRegions'],
        [3, 'colour'],
        [4, null],
      ]);
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
      const again = await rest(
        'POST',
        '/import/tasks',
        ADMIN_TOKEN,
        multipart({ planCode: plan.code }, { name: 'again.csv', content: await exportCsv(plan.code) }),
      );
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
        service.run(
          { planCode: plan.code, format: ImportFormat.CSV, content: 'code,title\nX,标题\n', dryRun: false },
          { keyId: null, name: 't', role: 'ADMIN', regions: [] },
          { maxBytes: 10 },
        ),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'content', maxBytes: 10 } });
    });

    it('answers an unknown plan with NOT_FOUND', async () => {
      expectError(await importTasks(`no-such-${uniq()}`, 'code,title\nX,t\n'), 'NOT_FOUND');
    });

    it('is for ADMIN only', async () => {
      const plan = await newPlan();
      for (const role of ['ANALYST', 'DASHBOARD', 'EDITOR'])
        expectError(await importTasks(plan.code, 'code,title\nX,t\n', { token: tokens[role] }), 'FORBIDDEN');
      expectError(await t.gql(IMPORT, { input: { planCode: plan.code, format: 'CSV', content: 'code,title\nX,t\n' } }, null), 'UNAUTHENTICATED');
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM task WHERE plan_id = $1', [plan.id]);
      expect(n).toBe(5);
    });
  });
});
