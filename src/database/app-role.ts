// The app's database role on a server: it reads and writes the catalogue but may only INSERT history rows, and as
// neither superuser nor table owner it cannot disable the append-only triggers either. Migrations run as the owner
// (MIGRATION_DATABASE_URL), which then grants the app role (DATABASE_URL's user) what it needs here.

/** Anything that runs SQL: a TypeORM DataSource or EntityManager, or a pg Client. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** Rows of a query whichever runner ran it (TypeORM returns the rows, pg a result holding them). */
async function rows<T>(sql: Sql, text: string, params?: unknown[]): Promise<T[]> {
  const result = await sql.query(text, params);
  return Array.isArray(result) ? result : result.rows;
}

/** Tables the append-only trigger guards (found by the trigger, so a new history table is covered by its migration). */
const HISTORY_TABLES = `SELECT DISTINCT t.tgrelid AS oid FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'reject_history_change'`;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The user a postgres:// URL logs in as. */
export function urlUser(url: string): string {
  return decodeURIComponent(new URL(url).username) || process.env.PGUSER || process.env.USER || 'postgres';
}

/**
 * The statements that give `role` the app's privileges on the current database, as its owner runs them: read and
 * write on the catalogue, INSERT and SELECT only on history tables and the migrations table, sequences, and the same
 * by default for tables this owner creates later. Idempotent.
 */
export async function appRoleGrants(sql: Sql, role: string): Promise<string[]> {
  const r = ident(role);
  const [{ db }] = await rows<{ db: string }>(sql, 'SELECT current_database() AS db');
  const history = await rows<{ name: string }>(sql, `SELECT c.oid::regclass::text AS name FROM pg_class c WHERE c.oid IN (${HISTORY_TABLES}) ORDER BY 1`);
  return [
    `GRANT CONNECT ON DATABASE ${ident(db)} TO ${r}`,
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    ...history.map((t) => `REVOKE UPDATE, DELETE ON ${t.name} FROM ${r}`),
    `REVOKE INSERT, UPDATE, DELETE ON typeorm_migrations FROM ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
  ];
}

/** Grants `role` the app's privileges (see appRoleGrants). Run as the owner of the tables, inside a transaction. */
export async function grantAppRole(sql: Sql, role: string): Promise<string[]> {
  const statements = await appRoleGrants(sql, role);
  for (const s of statements) await sql.query(s);
  return statements;
}

/**
 * Why the connected role could rewrite history (superuser, owner of a history table, or UPDATE/DELETE/TRUNCATE on
 * one), or null when it cannot. `willOwn`: no history table exists yet and this role is about to create them.
 */
export async function historyRewriteRisk(sql: Sql, willOwn: boolean): Promise<string | null> {
  const [row] = await rows<{ super: boolean; tables: number; owner: boolean; writes: boolean }>(
    sql,
    `SELECT current_user AS role, r.rolsuper AS super, h.n AS tables,
            h.owner, h.writes
       FROM pg_roles r,
            LATERAL (SELECT count(*)::int AS n,
                            coalesce(bool_or(pg_has_role(current_user, c.relowner, 'USAGE')), false) AS owner,
                            coalesce(bool_or(has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE')
                                             OR has_table_privilege(c.oid, 'TRUNCATE')), false) AS writes
                       FROM pg_class c WHERE c.oid IN (${HISTORY_TABLES})) h
      WHERE r.rolname = current_user`,
  );
  if (row.super) return `it is a superuser`;
  if (row.owner) return `it owns the history tables`;
  if (row.writes) return `it may UPDATE, DELETE or TRUNCATE history rows`;
  if (row.tables === 0 && willOwn) return `it runs the migrations, so it will own the history tables`;
  return null;
}

/** The start-up warning for a role that could rewrite history. */
export const historyRiskWarning = (role: string, reason: string) =>
  `The app connects to PostgreSQL as "${role}" and ${reason}: it could rewrite history (disable the append-only ` +
  'triggers, or change history rows). Run it as a role of its own: set MIGRATION_DATABASE_URL to the owner and ' +
  'DATABASE_URL to that role (README: "On a PostgreSQL server").';
