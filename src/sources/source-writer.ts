import { EntityManager } from 'typeorm';

/**
 * The source a new record cites, by title and URL: an existing source with the same title and URL is reused,
 * otherwise one is added. Null when neither is given. Runs on the caller's transaction.
 */
export async function sourceIdFor(m: EntityManager, title: string | null | undefined, url: string | null | undefined): Promise<number | null> {
  if (!title && !url) return null;
  const t = title || (url as string);
  const [found] = await m.query('SELECT id FROM source WHERE title = $1 AND url IS NOT DISTINCT FROM $2 ORDER BY id LIMIT 1', [t, url ?? null]);
  if (found) return found.id;
  const [created] = await m.query('INSERT INTO source (title, url) VALUES ($1, $2) RETURNING id', [t, url ?? null]);
  return created.id;
}
