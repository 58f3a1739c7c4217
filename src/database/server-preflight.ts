import { Client } from 'pg';
import { DatabaseSetupError } from './database-setup.error';

/** What a retry cannot fix: the database is missing, or the server refuses the login. */
const FATAL = new Set(['3D000', '28P01', '28000']);

/** The operator's message for a connection failure a retry cannot fix, or null for a transient one. */
export function fatalConnectMessage(err: unknown, url: string, variable: string): string | null {
  const code = (err as { code?: string } | null)?.code;
  if (!code || !FATAL.has(code)) return null;
  const u = new URL(url);
  const host = u.searchParams.get('host') || u.hostname || 'localhost';
  const port = u.port || '5432';
  const user = decodeURIComponent(u.username) || process.env.USER || 'postgres';
  const db = decodeURIComponent(u.pathname.slice(1)) || user;
  if (code === '3D000') {
    return (
      `The database "${db}" named by ${variable} does not exist on the PostgreSQL server at ${host}:${port}. ` +
      `Create it (as a role allowed to), then start again:\n  createdb -h ${host} -p ${port} -U ${user} ${db}\n` +
      `  (or: psql -h ${host} -p ${port} -U ${user} -d postgres -c 'CREATE DATABASE "${db}"')`
    );
  }
  return (
    `The PostgreSQL server at ${host}:${port} refused the login of role "${user}" (from ${variable}): ` +
    `${(err as Error).message}. Check the user and password in ${variable}, and that the role exists and pg_hba.conf admits it.`
  );
}

/**
 * Connects once before anything else, so a missing database or a refused login stops the process at once with a
 * message saying what to do, instead of ~30 s of retries ending in a raw driver error. A transient failure
 * (server not up yet, connection refused) is left to the pool's own retries. Returns the open client, or null.
 */
export async function connectOrExplain(url: string, variable: string, connectTimeoutMs: number, attempts = 2): Promise<Client | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, application_name: 'action-plan-tracker' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    const fatal = fatalConnectMessage(err, url, variable);
    if (fatal) throw new DatabaseSetupError(fatal);
    // A timeout can be this process's own doing: main.ts loads the app's modules meanwhile, blocking the event loop.
    if (attempts > 1 && /timeout/i.test((err as Error).message)) return connectOrExplain(url, variable, connectTimeoutMs, attempts - 1);
    return null;
  }
}
