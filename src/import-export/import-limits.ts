/** Most task rows one import file may hold, whichever way it arrives. */
export const MAX_IMPORT_ROWS = 50_000;
/**
 * Largest file the importTasks mutation takes. The server refuses any request body over 1 MiB first (a coded
 * 413, see app.factory.ts); this check holds the same line for callers of the service that skip HTTP.
 */
export const GRAPHQL_IMPORT_MAX_BYTES = 1024 * 1024;
/** Largest file POST /import/tasks and the CLI take. */
export const UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
/** Most errors reported for one file; the last one says how many more there were. */
export const MAX_REPORTED_ERRORS = 10_000;
/** Most cells one CSV row may hold (the format has 13 columns; spreadsheets add a few empty ones). */
export const MAX_CSV_CELLS_PER_ROW = 32;
/** Longest CSV cell, in characters (the longest legitimate one, 20 agencies of 200, is about 4,100). */
export const MAX_CSV_CELL_CHARS = 10_000;
/** Characters parsed between two turns of the event loop, so other requests are served during a large import. */
export const PARSE_CHUNK_CHARS = 64 * 1024;
/** Rows an export fetches from its cursor at a time (server). */
export const EXPORT_BATCH_ROWS = 500;
/** Rows of one export page on the embedded database: each page holds its one connection, so pages stay short. */
export const EXPORT_PAGE_ROWS = 100;
/** Statement timeout for an export's cursor, which stays open while the client downloads (the default is 5 s). */
export const EXPORT_STATEMENT_TIMEOUT_MS = 120_000;
