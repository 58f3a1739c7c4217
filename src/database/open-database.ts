import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Uses DATABASE_URL when set, else starts the embedded PGlite database in dataDir. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, embedded: false, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres(opts.dataDir);
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}
