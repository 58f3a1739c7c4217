// The key CLI as an operator runs it: a fresh build, then `node dist/src/cli/apikey.js` in a child process
// against its own database (a temporary PGlite data dir, or the server when the suite runs on DATABASE_URL).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bootTestApp, expectError, nodeId, TestApp } from './support/test-app';
import { ensureBuilt } from './support/build';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const onServer = process.env.TEST_DB_KIND === 'server';

describe('apikey CLI', () => {
  let dataDir: string;
  /** The child's database: the server's URL, or a PGlite data dir of its own (DATABASE_URL unset). */
  let dbEnv: Record<string, string>;

  const apikey = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, ['dist/src/cli/apikey.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', BOOTSTRAP_ADMIN_TOKEN: '', ...dbEnv },
      timeout: 120000,
    });
    return stdout.trim().split('\n');
  };
  const boot = (): Promise<TestApp> => bootTestApp({ ...dbEnv, SEED_ON_START: 'false' });

  beforeAll(async () => {
    await ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'apikey-cli-'));
    dbEnv = onServer ? {} : { DATABASE_URL: '', DATA_DIR: dataDir };
  }, 320000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates keys whose token, printed as the last line, works; list shows them; revoke shuts a key out', async () => {
    const name = `ops-${Date.now().toString(36)}`;
    const created = await apikey('create', '--role', 'ADMIN', '--name', name);
    const token = created.at(-1)!;
    expect(token).toMatch(/^apt_[A-Za-z0-9_-]{43}$/);
    const id = /\(([0-9a-f-]{36})\)/.exec(created.join('\n'))![1];
    const editor = await apikey('create', '--role', 'editor', '--name', 'jiangsu-office', '--region', 'js', '--region', 'SH');
    const editorId = /\(([0-9a-f-]{36})\)/.exec(editor.join('\n'))![1];

    // Here the CLI opens the dir itself (no app holds it); working through a running server: embedded-ownership.spec.ts.
    let t = await boot();
    try {
      const res = await t.gql(`{ apiKeys { id name role regions } }`, {}, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.apiKeys).toContainEqual({ id: nodeId('ApiKey', id), name, role: 'ADMIN', regions: [] });
      expect(res.data.apiKeys).toContainEqual({ id: nodeId('ApiKey', editorId), name: 'jiangsu-office', role: 'EDITOR', regions: ['JS', 'SH'] });
    } finally {
      await t.close();
    }

    expect((await apikey('revoke', id)).at(-1)).toContain(id);
    const listed = await apikey('list');
    expect(listed.find((l) => l.startsWith(id))).toMatch(new RegExp(`^${id}\\tADMIN\\t${name}\\t-\\tapt_\\S+\\trevoked$`));
    expect(listed.find((l) => l.startsWith(editorId))).toMatch(/\tEDITOR\tjiangsu-office\tJS\|SH\t\S+\tactive$/);

    t = await boot();
    try {
      expectError(await t.gql(`{ apiKeys { id } }`, {}, token), 'UNAUTHENTICATED');
    } finally {
      await t.close();
    }
  }, 300000);
});
