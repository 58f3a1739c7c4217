import { startEmbeddedPostgresInWorker } from './embedded-postgres-thread';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /**
   * Largest safe pool. PGlite is one session behind a socket server that queues protocol messages one by one,
   * so two connections' extended-protocol messages can interleave outside a transaction (seen here: 200
   * concurrent writers made a third request's statement fail with 22P02). One connection avoids it and costs
   * nothing: PGlite runs one statement at a time anyway.
   */
  maxPoolSize: number;
  stop(): Promise<void>;
}

/** Uses DATABASE_URL when set, else starts the embedded PGlite database in dataDir (in a worker thread). */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, embedded: false, maxPoolSize: Number.POSITIVE_INFINITY, stop: async () => undefined };
  const embedded = await startEmbeddedPostgresInWorker(opts.dataDir);
  return { url: embedded.url, embedded: true, maxPoolSize: 1, stop: embedded.stop };
}
