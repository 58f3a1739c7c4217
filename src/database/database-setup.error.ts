/** A database set-up problem the operator must fix (missing database, refused login, data dir in use); the message says how. */
export class DatabaseSetupError extends Error {
  override readonly name = 'DatabaseSetupError';
}
