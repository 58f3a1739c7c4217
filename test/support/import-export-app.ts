// The app, keys and helpers the import and export suites share (test/export.spec.ts, test/import*.spec.ts):
// a fresh plan per test, REST and GraphQL calls, a snapshot of what a plan's tasks hold, a multipart body.
import { TASK_COLUMNS } from '../../src/import-export/task-exchange.format';
import { ADMIN_TOKEN, bootTestApp, TestApp, uniq } from './test-app';
import { taskSearchText } from '../../src/tasks/search-folding';

export const IMPORT = `mutation($input: ImportTasksInput!) { importTasks(input: $input) { created updated unchanged errors { row column message } } }`;
export const HEADER = TASK_COLUMNS.join(',');

/** Boots the app for the calling describe block (beforeAll/afterAll) and returns its helpers; `t` is set once booted. */
export function importExportApp() {
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
        [
          id,
          c,
          f.title,
          f.titleEn ?? null,
          f.status ?? 'NOT_REPORTED',
          f.progress ?? null,
          f.area ?? null,
          f.agencies ?? [],
          f.start ?? null,
          f.due ?? null,
          f.parent ?? null,
          f.archived ? new Date() : null,
          taskSearchText(f.title as string, f.titleEn as string | undefined),
        ],
      );
      for (const r of regions) await t.ds.query('INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, $2)', [row.id, r]);
      return row.id as number;
    };
    const k1 = await task(
      'K-01',
      {
        title: '共建长三角科技创新共同体',
        titleEn: 'Build an innovation community',
        status: 'IN_PROGRESS',
        progress: 40,
        area: area('A1'),
        agencies: ['上海市科委', '江苏省科技厅'],
        start: '2024-01-01',
        due: '2026-12-31',
      },
      ['SH', 'JS'],
    );
    await task('K-01-1', { title: '联合攻关"卡脖子"技术, 含逗号', parent: k1, area: area('A1') }, ['ZJ']);
    await task('K-02', { title: '=SUM(A1:A2) 公式样的标题', status: 'COMPLETED', progress: 100, area: area('A2'), due: '2025-06-30' }, ['AH']);
    await task('K-03', { title: '无方面任务\n第二行' }, []);
    await task('K-99', { title: '已归档任务', archived: true }, []);
    return { code, id, area };
  }

  const rest = (
    method: 'GET' | 'POST',
    url: string,
    token: string | null = ADMIN_TOKEN,
    extra: { payload?: Buffer | string; headers?: Record<string, string> } = {},
  ) =>
    t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
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
    return res.data.importTasks as {
      created: number;
      updated: number;
      unchanged: number;
      errors: { row: number | null; column: string | null; message: string }[];
    };
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
    const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
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

  return {
    get t() {
      return t;
    },
    tokens,
    newPlan,
    rest,
    exportCsv,
    importTasks,
    imported,
    snapshot,
    multipart,
  };
}
