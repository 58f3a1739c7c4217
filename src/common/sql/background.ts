/**
 * Marks a statement sent in the background, not for any request (the answer cache's periodic data-version check):
 * CountingLogger counts such statements apart, so a request's statement budget never includes one that merely ran
 * at the same time.
 */
export const BACKGROUND_SQL = '/* background */';

/** The statement marked as sent in the background. */
export const inBackground = (sql: string) => `${BACKGROUND_SQL} ${sql}`;
