import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { Principal } from '../common/graphql-context';
import { AreaBasis } from '../common/domain-enums';
import { TaskFieldChange, TaskWriter } from '../task-updates/task-writer';
import { ImportFormat } from './import-format';
import { ImportPhase } from './import-progress';
import { MAX_IMPORT_ROWS, MAX_REPORTED_ERRORS } from './import-limits';
import { decodeUtf8, parseTaskFile } from './task-file.parser';
import { planRow } from './row-plan.rules';
import { ImportError, RowPlan, RowContext, sortErrors, StoredTask, TaskRowValues, ValidRow } from './task-exchange.format';
import { checkFile } from './task-file.rules';
import { checkRow } from './task-row.rules';
import { lockTaskTree } from '../tasks/task-links';
import { taskSearchText } from '../tasks/search-folding';
import { IMPORT_STORED_ROWS_SQL, INSERT_LEAD_REGIONS_SQL, INSERT_TASKS_SQL, LOCK_PLAN_SQL, PLAN_CONTEXT_SQL, SET_PARENTS_SQL } from './task-rows.sql';

const CREATE_BATCH = 1000;
const CHECK_BATCH = 2000;
const ANALYZE_AFTER = 1000;

export interface ImportRequest {
  planCode: string;
  format: ImportFormat;
  /** The file: text (GraphQL) or bytes (upload, CLI), UTF-8 with or without a BOM. */
  content: string | Uint8Array;
  dryRun: boolean;
}

export interface ImportLimits {
  maxBytes: number;
  maxRows?: number;
}

export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportError[];
}

type Creates = Extract<RowPlan, { kind: 'create' }>[];
type Updates = Extract<RowPlan, { kind: 'update' }>[];

/** Thrown inside the transaction to roll it back (errors found, or a dry run) while keeping the answer. */
class Rollback extends Error {
  constructor(readonly result: ImportResult) {
    super('rollback');
  }
}

const failed = (errors: ImportError[]): ImportResult => {
  const sorted = sortErrors(errors);
  if (sorted.length > MAX_REPORTED_ERRORS) {
    const more = sorted.length - MAX_REPORTED_ERRORS;
    sorted.splice(MAX_REPORTED_ERRORS, more, { row: null, column: null, message: `${more} more errors are not shown` });
  }
  return { created: 0, updated: 0, unchanged: 0, errors: sorted };
};

/**
 * Upserts a plan's tasks from a CSV or JSON file, all or nothing: every row is checked first and every bad one
 * reported; with any error, or on a dry run, the one transaction is rolled back. Changes to stored tasks go
 * through TaskWriter (version check, one history row with origin IMPORT); new tasks start at version 1.
 */
@Injectable()
export class TaskImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly writer: TaskWriter,
  ) {}

  async run(req: ImportRequest, actor: Principal, limits: ImportLimits, onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
    const maxRows = limits.maxRows ?? MAX_IMPORT_ROWS;
    const bytes = typeof req.content === 'string' ? Buffer.byteLength(req.content, 'utf8') : req.content.byteLength;
    if (bytes > limits.maxBytes) {
      throw new DomainException(ErrorCode.BAD_USER_INPUT, `content: the file is ${bytes} bytes; at most ${limits.maxBytes} are accepted here`, {
        field: 'content',
        maxBytes: limits.maxBytes,
      });
    }
    const [plan] = await this.ds.query(PLAN_CONTEXT_SQL, [req.planCode]);
    if (!plan) throw notFound('Plan', req.planCode);
    const areaIds = new Map<string, number>(Object.entries(plan.areas as Record<string, number>));

    const text = typeof req.content === 'string' ? req.content : decodeUtf8(req.content);
    if (text === null) return failed([{ row: null, column: null, message: 'the file is not UTF-8 text; save it as "CSV UTF-8" (or JSON in UTF-8)' }]);
    const parsed = await parseTaskFile(req.format, text, maxRows, req.planCode);
    if (parsed.rows.length === 0 && parsed.errors.length) return failed(parsed.errors);

    const ctx: RowContext = { areaCodes: new Set(areaIds.keys()), regionCodes: new Set(plan.regions as string[]) };
    const areaSpelling = spellings(areaIds.keys());
    for (const raw of parsed.rows) {
      if (typeof raw.cells.areaCode === 'string') raw.cells.areaCode = areaSpelling.get(raw.cells.areaCode.trim().toLowerCase()) ?? raw.cells.areaCode;
    }
    const errors = [...parsed.errors];
    const valid: ValidRow[] = [];
    const badRows: { row: number; code: string }[] = [];
    for (const [i, raw] of parsed.rows.entries()) {
      if (i > 0 && i % CHECK_BATCH === 0) await nextTurn(); // a turn for other requests between batches
      const checked = checkRow(raw, ctx);
      errors.push(...checked.errors);
      if (checked.values) valid.push({ row: raw.row, values: checked.values });
      else if (checked.code) badRows.push({ row: raw.row, code: checked.code });
    }
    onProgress?.({ phase: 'check', done: parsed.rows.length, total: parsed.rows.length });

    try {
      return await this.ds.transaction(async (m) => {
        await m.query(LOCK_PLAN_SQL, [plan.id]);
        // Parent links change under the plan's tree lock, as an admin edit's do, so no two writers build a cycle.
        if (valid.some((r) => r.values.parentCode)) await lockTaskTree(m, plan.id);
        // Only the tasks the file names (and their ancestors): the cost follows the file, not the plan.
        const named = new Set([...valid.map((r) => r.values.code), ...badRows.map((r) => r.code)]);
        for (const r of valid) if (r.values.parentCode) named.add(r.values.parentCode);
        const storedRows: StoredTask[] = await m.query(IMPORT_STORED_ROWS_SQL, [plan.id, [...named].map((c) => c.toLowerCase())]);
        // Codes match whatever their case: each code of the file takes the spelling of the stored task (or of its
        // first row), so a row updates the task it names and two rows spelling one code differently are duplicates.
        const taskSpelling = spellings([...storedRows.map((s) => s.code), ...valid.map((r) => r.values.code), ...badRows.map((r) => r.code)]);
        const spell = (code: string) => taskSpelling.get(code.toLowerCase()) ?? code;
        for (const r of valid) {
          r.values.code = spell(r.values.code);
          if (r.values.parentCode) r.values.parentCode = spell(r.values.parentCode);
        }
        for (const r of badRows) r.code = spell(r.code);
        const stored = new Map(storedRows.map((s) => [s.code, s]));
        errors.push(...checkFile(valid, new Map(storedRows.map((s) => [s.code, s.parentCode])), badRows));
        const plans: RowPlan[] = [];
        const today: string = plan.today; // the plan's day, not UTC's
        const parentArchived = (code: string) => stored.get(code)?.archived === true;
        for (const row of valid) {
          const planned = planRow(row, stored.get(row.values.code), parentArchived, today);
          errors.push(...planned.errors);
          if (planned.plan) plans.push(planned.plan);
        }
        if (errors.length) throw new Rollback(failed(errors));

        const creates = plans.filter((p): p is Creates[number] => p.kind === 'create');
        const updates = plans.filter((p): p is Updates[number] => p.kind === 'update');
        const total = creates.length + updates.length;
        const ids = new Map(storedRows.map((s) => [s.code, s.id]));
        await this.createTasks(m, plan.id, creates, ids, (done) => onProgress?.({ phase: 'write', done, total }));
        const updated = await this.updateTasks(m, updates, { ids, areaIds, actor }, (done) =>
          onProgress?.({ phase: 'write', done: creates.length + done, total }),
        );
        const result = { created: creates.length, updated, unchanged: plans.length - creates.length - updated, errors: [] };
        if (req.dryRun) throw new Rollback(result);
        return result;
      });
    } catch (err) {
      if (err instanceof Rollback) return err.result;
      throw err;
    }
  }

  /** Inserts new tasks in batches, then their lead regions and parents: a handful of statements per thousand rows. */
  private async createTasks(m: EntityManager, planId: number, creates: Creates, ids: Map<string, number>, progress: (done: number) => void) {
    for (let start = 0; start < creates.length; start += CREATE_BATCH) {
      const batch = creates.slice(start, start + CREATE_BATCH).map((c) => c.values);
      const inserted: { id: number; code: string }[] = await m.query(INSERT_TASKS_SQL, [planId, JSON.stringify(batch.map(newTaskRecord))]);
      for (const r of inserted) ids.set(r.code, r.id);
      const pairs = batch.flatMap((v) => (v.leadRegions ?? []).map((region) => [ids.get(v.code)!, region] as const));
      if (pairs.length) await m.query(INSERT_LEAD_REGIONS_SQL, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
      progress(Math.min(start + CREATE_BATCH, creates.length));
    }
    const parents = creates.filter((c) => c.values.parentCode).map((c) => ({ code: c.values.code, parent_code: c.values.parentCode }));
    if (parents.length) await m.query(SET_PARENTS_SQL, [planId, JSON.stringify(parents)]);
    await this.writer.announceCreated(
      m,
      creates.map((c) => ids.get(c.values.code)!),
    );
    // Fresh statistics after a bulk load: without them the planner takes a 10,000-task plan for a handful of rows
    // and picks nested loops that run for minutes (seen on PGlite, which has no autovacuum to catch up).
    if (creates.length >= ANALYZE_AFTER) await m.query('ANALYZE task, task_lead_region');
  }

  /** Applies each changed row through TaskWriter; a refusal there becomes that row's error and rolls everything back. */
  private async updateTasks(
    m: EntityManager,
    updates: Updates,
    refs: { ids: Map<string, number>; areaIds: Map<string, number>; actor: Principal },
    progress: (done: number) => void,
  ): Promise<number> {
    let changed = 0;
    for (const [i, u] of updates.entries()) {
      const { parentCode, areaCode, ...same } = u.change;
      const change: TaskFieldChange = {
        ...same,
        ...(parentCode !== undefined ? { parentId: parentCode === null ? null : refs.ids.get(parentCode)! } : {}),
        // As an admin edit does: an area set by the file is STATED, a cleared one NOT_STATED.
        ...(areaCode !== undefined
          ? areaCode === null
            ? { areaId: null, areaBasis: AreaBasis.NOT_STATED }
            : { areaId: refs.areaIds.get(areaCode)!, areaBasis: AreaBasis.STATED }
          : {}),
      };
      try {
        const applied = await this.writer.apply(m, u.task.id, u.expectedVersion, change, { actor: refs.actor, origin: 'IMPORT' });
        if (applied.changed) changed++;
      } catch (err) {
        if (!(err instanceof DomainException)) throw err;
        const column = typeof err.details.field === 'string' ? err.details.field : err.code === ErrorCode.VERSION_CONFLICT ? 'version' : null;
        throw new Rollback(failed([{ row: u.row, column, message: err.message }]));
      }
      if ((i + 1) % 100 === 0 || i + 1 === updates.length) progress(i + 1);
    }
    return changed;
  }
}

/** The first spelling of each code, by its lower case. */
function spellings(codes: Iterable<string>): Map<string, string> {
  const first = new Map<string, string>();
  for (const code of codes) if (!first.has(code.toLowerCase())) first.set(code.toLowerCase(), code);
  return first;
}

/** A new task's columns for INSERT_TASKS_SQL; planRow has already settled its status and progress. */
function newTaskRecord(v: TaskRowValues, n: number) {
  return {
    n,
    code: v.code,
    title: v.title,
    title_en: v.titleEn ?? null,
    search_text: taskSearchText(v.title, v.titleEn),
    status: v.status,
    progress: v.progress ?? null,
    area_code: v.areaCode ?? null,
    lead_agencies: v.leadAgencies ?? [],
    start_date: v.startDate ?? null,
    due_date: v.dueDate ?? null,
  };
}
