// Without DATABASE_URL the suite runs on an embedded PGlite database started here, once for the whole run
// (each PGlite start costs seconds); every suite's app connects to it through the normal pg driver.
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DB_KIND = 'server';
    return;
  }
  const db = await startEmbeddedPostgres('memory://');
  (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = db;
  process.env.DATABASE_URL = db.url;
  process.env.TEST_DB_KIND = 'pglite';
  // One PGlite session serves every connection in turn: a statement name prepared by one app would clash in the next.
  process.env.DB_PREPARED_STATEMENTS = 'false';
}
