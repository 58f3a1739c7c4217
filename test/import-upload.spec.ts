// Import through the upload route, POST /import/tasks (multipart).
import { importExportApp } from './support/import-export-app';
import { ADMIN_TOKEN, TestApp, uniq } from './support/test-app';

describe('task import and export', () => {
  const io = importExportApp();
  let t: TestApp;
  beforeAll(() => {
    t = io.t;
  });
  const { tokens, newPlan, rest, multipart } = io;

  describe('POST /import/tasks', () => {
    it('imports a multipart upload, honouring dryRun and the format', async () => {
      const plan = await newPlan();
      const csv = Buffer.from(`\uFEFFcode,title,leadRegions\r\nU-01,上传的任务,SH\r\n`);
      const dry = await rest(
        'POST',
        '/import/tasks',
        ADMIN_TOKEN,
        multipart({ planCode: plan.code, format: 'CSV', dryRun: 'true' }, { name: 'tasks.csv', content: csv }),
      );
      expect(dry.statusCode).toBe(200);
      expect(JSON.parse(dry.body)).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
      expect(await t.ds.query(`SELECT 1 FROM task WHERE plan_id = $1 AND code = 'U-01'`, [plan.id])).toHaveLength(0);

      const real = await rest('POST', '/import/tasks', ADMIN_TOKEN, multipart({ planCode: plan.code }, { name: 'tasks.csv', content: csv }));
      expect(JSON.parse(real.body)).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
      const json = await rest('GET', `/export/tasks.json?plan=${plan.code}`);
      const again = await rest(
        'POST',
        '/import/tasks',
        ADMIN_TOKEN,
        multipart({ planCode: plan.code, dryRun: 'false' }, { name: 'tasks.json', content: json.body }),
      );
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
        [
          `multipart/form-data; boundary=${b}`,
          `--${b}\r\nContent-Disposition: form-data; name="planCode"\r\n\r\n${plan.code}\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncode,title\nX,t`,
        ],
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
});
