// A record's shape written once: its select list, its json_build_object and the parser of the rows (or JSON) that
// come back are all made from the same fields, so they cannot drift apart, and a raw row is checked, not cast.
import { dateColumn, isCalendarDate } from '../local-date';

/** How one field's value arrives from pg (in a row, or inside JSON), checked and read. */
export class FieldType<T> {
  constructor(
    private readonly expected: string,
    private readonly parse: (value: unknown) => T | undefined,
    /** A cast the value takes inside JSON (a bigint travels as text there, as pg returns it in a row). */
    readonly jsonCast = '',
    readonly nullable = false,
  ) {}

  /** The value, or a TypeError naming `where` (`table.column`, or `table` and `column` apart) when it is not of this type. */
  read(value: unknown, where: string, column?: string): T {
    if (value === null || value === undefined) {
      if (this.nullable) return null as T;
    } else {
      const read = this.parse(value);
      if (read !== undefined) return read;
    }
    // The message is made only on failure: read runs for every field of every row.
    const got = value instanceof Date ? 'a Date' : (JSON.stringify(value) ?? String(value));
    const at = column === undefined ? where : `${where}.${column}`;
    throw new TypeError(`${at}: expected ${this.expected}${this.nullable ? ' or null' : ''}, got ${got.slice(0, 80)}`);
  }

  private nullableType?: FieldType<T | null>;

  /** The same type, null allowed (made once). */
  orNull(): FieldType<T | null> {
    if (this.nullable) return this as FieldType<T | null>;
    return (this.nullableType ??= new FieldType<T | null>(this.expected, this.parse, this.jsonCast, true));
  }
}

/** An integer column (integer, smallint, or a count cast to int). */
export const int = new FieldType<number>('an integer', (v) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined));
/** A text, varchar or uuid column. */
export const text = new FieldType<string>('text', (v) => (typeof v === 'string' ? v : undefined));
/** A bigint id: pg returns it as text, and JSON gets it as text too. */
export const bigintId = new FieldType<string>('a bigint as text', (v) => (typeof v === 'string' && /^\d+$/.test(v) ? v : undefined), '::text');
/** A `date` column as YYYY-MM-DD (pg returns a Date at local midnight, JSON the text). */
export const date = new FieldType<string>('a date', (v) =>
  v instanceof Date ? (dateColumn(v) as string) : typeof v === 'string' && isCalendarDate(v) ? v : undefined,
);
/** A timestamptz column as a Date (pg returns a Date, JSON ISO text). */
export const timestamp = new FieldType<Date>('a timestamp', (v) =>
  v instanceof Date ? v : typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined,
);
/** A text[] column. */
export const textList = new FieldType<string[]>('a list of text', (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined));
/** An enum column: one of the enum's values. */
export const oneOf = <E extends string>(values: Record<string, E>) => {
  const allowed = new Set<unknown>(Object.values(values));
  return new FieldType<E>(`one of ${[...allowed].join(', ')}`, (v) => (allowed.has(v) ? (v as E) : undefined));
};
/** A json or jsonb column whose content the database already constrains. */
export const jsonObject = <T extends object>() => new FieldType<T>('a JSON object', (v) => (typeof v === 'object' && !Array.isArray(v) ? (v as T) : undefined));

type Fields = Record<string, FieldType<unknown>>;
/** The record a shape reads. */
export type Parsed<F extends Fields> = { [K in keyof F]: F[K] extends FieldType<infer T> ? T : never };

/** A field's column: its name in snake_case (`planId` is `plan_id`). */
export const columnOf = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One table's record: fields in column order, each column named after its field. */
export class RowShape<F extends Fields> {
  readonly columns: readonly string[];
  /** Each field with its column, worked out once (the parsers run for every row of every page). */
  private readonly entries: readonly { field: string; column: string; type: FieldType<unknown> }[];

  constructor(
    /** The table, named in parse errors. */
    readonly table: string,
    readonly fields: F,
  ) {
    this.entries = Object.entries(fields).map(([field, type]) => ({ field, column: columnOf(field), type }));
    this.columns = this.entries.map((e) => e.column);
  }

  /** The columns qualified with a table alias, for a select list (named, never `*`: see tasks.sql.ts). */
  select(alias: string): string {
    return this.columns.map((c) => `${alias}.${c}`).join(', ');
  }

  /** The columns of `alias` as one JSON object keyed by field name (`json_build_object('id', a.id, 'planId', a.plan_id, …)`). */
  json(alias: string): string {
    const pairs = Object.entries(this.fields).map(([field, type]) => `'${field}', ${alias}.${columnOf(field)}${type.jsonCast}`);
    return `json_build_object(${pairs.join(', ')})`;
  }

  /** A row as pg returns it: each field from its snake_case column; other columns are left out. */
  fromRow(row: unknown): Parsed<F> {
    return this.read(row, true);
  }

  /** An object made by json(): each field under its own name. */
  fromJson(value: unknown): Parsed<F> {
    return this.read(value, false);
  }

  private read(source: unknown, byColumn: boolean): Parsed<F> {
    if (typeof source !== 'object' || source === null) throw new TypeError(`${this.table}: expected a row, got ${String(source)}`);
    const values = source as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const { field, column, type } of this.entries) {
      const key = byColumn ? column : field;
      out[field] = type.read(values[key], this.table, key);
    }
    return out as Parsed<F>;
  }
}
