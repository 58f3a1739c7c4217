import { Client, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/** pg-pool's own lists (not public API): every client, and the idle ones wrapped as { client }. */
interface PoolInternals {
  _clients: PoolClient[];
  _idle: { client: PoolClient }[];
  options: Record<string, unknown>;
}

/**
 * Cancels what the pool's busy connections are running (pg_cancel_backend, over a connection of its own: the pool may
 * be full). Used at the shutdown deadline: a write blocked past it (a held row lock) otherwise went on after the
 * process had exited and committed, with no reply to its client. Cancelled, it fails with 57014 (TIMEOUT), its
 * transaction rolls back, and the client is told. Returns how many statements were cancelled.
 */
export async function cancelRunningStatements(ds: DataSource): Promise<number> {
  const pool = (ds.driver as unknown as { master?: Pool }).master as unknown as PoolInternals | undefined;
  if (!pool?._clients) return 0;
  const idle = new Set(pool._idle.map((i) => i.client));
  const pids = pool._clients
    .filter((c) => !idle.has(c))
    .map((c) => (c as unknown as { processID?: number }).processID)
    .filter((pid): pid is number => typeof pid === 'number' && pid > 0);
  if (pids.length === 0) return 0;
  const { Client: PoolClientClass, max: _max, ...connection } = pool.options as { Client?: typeof Client; max?: number };
  const client = new Client({ ...(connection as object), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT count(*) FILTER (WHERE pg_cancel_backend(pid))::int AS n FROM unnest($1::int[]) AS pid', [pids]);
    return rows[0].n as number;
  } finally {
    await client.end().catch(() => undefined);
  }
}
