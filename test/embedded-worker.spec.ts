import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { transformFileSync } from '@swc/core';
import { Client } from 'pg';
import type * as Thread from '../src/database/embedded-postgres-thread';

// The embedded database in a worker thread, as `node dist/src/main.js` runs it. Under Jest the sources are
// TypeScript, so startEmbeddedPostgresInWorker falls back to this thread; here its files are compiled (CommonJS, in
// src's layout, beside node_modules so packages resolve) and the compiled worker runs for real.

const ROOT = resolve(__dirname, '..');
const BUILD = join(ROOT, 'node_modules/.cache/embedded-worker-spec-build');
const FILES = [
  'database/data-dir-lock',
  'database/embedded-postgres',
  'database/embedded-postgres.worker',
  'database/embedded-postgres-thread',
  'common/compact-heap',
];

function build(): typeof Thread {
  rmSync(BUILD, { recursive: true, force: true });
  for (const f of FILES) {
    const { code } = transformFileSync(join(ROOT, 'src', `${f}.ts`), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    mkdirSync(dirname(join(BUILD, f)), { recursive: true });
    writeFileSync(join(BUILD, `${f}.js`), code);
  }
  return require(join(BUILD, 'database/embedded-postgres-thread.js'));
}

async function query(url: string, sql: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('embedded PostgreSQL in a worker thread', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'apt-embedded-worker-'));
  let thread: typeof Thread;

  beforeAll(() => {
    thread = build();
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(BUILD, { recursive: true, force: true });
  });

  it('keeps its data in the data dir across a stop and a start, with pg_trgm', async () => {
    const first = await thread.startEmbeddedPostgresInWorker(dataDir);
    await query(first.url, 'CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$太湖$$)');
    await first.stop();
    await first.stop(); // twice is harmless

    const second = await thread.startEmbeddedPostgresInWorker(dataDir);
    try {
      expect(await query(second.url, `SELECT v, similarity(v, '太湖') AS s FROM kept`)).toEqual([{ v: '太湖', s: 1 }]);
      // Memory settings (issue 11 item 5): PGlite's default shared_buffers (128MB) held ~115 MB of RSS from the start.
      expect(await query(second.url, `SELECT current_setting('shared_buffers') AS sb, current_setting('wal_buffers') AS wb`)).toEqual([
        { sb: '16MB', wb: '1MB' },
      ]);
    } finally {
      await second.stop();
    }
  }, 120000);

  it('fails with the cause when the data dir is unusable', async () => {
    const file = join(dataDir, 'not-a-directory');
    writeFileSync(file, 'x');
    await expect(thread.startEmbeddedPostgresInWorker(file)).rejects.toMatchObject({ code: 'EEXIST', message: expect.stringContaining(file) });
  }, 60000);
});
