export default async function globalTeardown() {
  const db = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as { stop(): Promise<void> } | undefined;
  if (db) await db.stop();
}
