import { EntityManager } from 'typeorm';
import { Role, TaskStatus } from '../common/domain-enums';
import { Principal } from '../common/graphql-context';
import { percentToRate } from '../progress/completion';
import { TaskWriter } from '../task-updates/task-writer';
import { taskSearchText } from '../tasks/search-folding';
import { SeedAdditions, SeedDataSet, SeedReading, SeedSource } from './seed.types';

export interface SeedReport {
  sources: number;
  plans: number;
  areas: number;
  tasks: number;
  evaluations: number;
  indicators: number;
  readings: number;
  taskUpdates: number;
}

/** Who a seeded task update is by: no API key, the data set itself. */
const SEED_ACTOR: Principal = { keyId: null, name: 'seed data set', role: Role.ADMIN, regions: [] };

async function ids(m: EntityManager, sql: string, params: unknown[]): Promise<Map<string, number>> {
  const rows: { k: string; id: number }[] = await m.query(sql, params);
  return new Map(rows.map((r) => [r.k, r.id]));
}

const need = <T>(map: Map<string, T>, key: string, what: string): T => {
  const v = map.get(key);
  if (v === undefined) throw new Error(`Seed data refers to unknown ${what} "${key}"`);
  return v;
};

/**
 * One data set from a base set and files that add to it (new tasks, indicators, readings, task updates). A source
 * both define (same key) is kept once, as the base defines it.
 */
export function mergeSeed(base: SeedDataSet, ...additions: SeedAdditions[]): SeedDataSet {
  return additions.reduce<SeedDataSet>(
    (set, a) => ({
      ...set,
      sources: [...set.sources, ...a.sources.filter((s) => !set.sources.some((b) => b.key === s.key))],
      tasks: [...set.tasks, ...a.tasks],
      indicators: [...set.indicators, ...a.indicators],
      readings: [...(set.readings ?? []), ...a.readings],
      taskUpdates: [...set.taskUpdates, ...a.taskUpdates],
    }),
    base,
  );
}

/** How a seeded task update is written to history: the source's words and where they were read. */
export function seedUpdateNote(note: string, source: SeedSource, quote: string): string {
  return `${note} Source: ${source.publisher}, ${source.publishedOn}: “${quote}”`;
}

/**
 * Inserts every record of the data set that is not there yet, keyed by natural keys (source key, plan code,
 * area and task code within a plan, indicator code; a reading by its indicator, kind, date, figure and source).
 * Never updates a row: data entered later is kept. Task updates go through the TaskWriter like any other change
 * (origin SEED), so a task's version and history stay in step; a task someone has changed since is left alone.
 * Run it inside one transaction.
 */
export async function loadSeed(m: EntityManager, data: SeedDataSet): Promise<SeedReport> {
  const report: SeedReport = { sources: 0, plans: 0, areas: 0, tasks: 0, evaluations: 0, indicators: 0, readings: 0, taskUpdates: 0 };
  const inserted = (rows: unknown[]) => rows.length;

  for (const s of data.sources) {
    report.sources += inserted(
      await m.query(
        `INSERT INTO source (key, title, publisher, url, published_on, note) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO NOTHING RETURNING id`,
        [s.key, s.title, s.publisher, s.url, s.publishedOn, s.note],
      ),
    );
  }
  const sourceIds = await ids(m, 'SELECT key AS k, id FROM source WHERE key = ANY($1)', [data.sources.map((s) => s.key)]);
  const src = (key: string) => need(sourceIds, key, 'source');

  for (const p of data.plans) {
    report.plans += inserted(
      await m.query(
        `INSERT INTO plan (code, round, title, title_en, issuer, period_start, period_end, declared_task_count, issued_on, issued_note, source_id, source_quote, time_zone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (lower(code)) DO NOTHING RETURNING id`,
        [
          p.code,
          p.round,
          p.title,
          p.titleEn,
          p.issuer,
          p.periodStart,
          p.periodEnd,
          p.declaredTaskCount,
          p.issuedOn,
          p.issuedNote,
          src(p.sourceKey),
          p.sourceQuote,
          p.timeZone,
        ],
      ),
    );
  }
  const planIds = await ids(m, 'SELECT code AS k, id FROM plan WHERE code = ANY($1)', [data.plans.map((p) => p.code)]);
  const plan = (code: string) => need(planIds, code, 'plan');

  for (const a of data.areas) {
    report.areas += inserted(
      await m.query(
        `INSERT INTO area (plan_id, ordinal, code, name, name_en, declared_task_count, note, source_id, source_quote)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (plan_id, lower(code)) DO NOTHING RETURNING id`,
        [plan(a.planCode), a.ordinal, a.code, a.name, a.nameEn, a.declaredTaskCount, a.note, src(a.sourceKey), a.sourceQuote],
      ),
    );
  }
  const areaIds = await ids(m, `SELECT p.code || '/' || a.code AS k, a.id FROM area a JOIN plan p ON p.id = a.plan_id WHERE p.code = ANY($1)`, [
    [...planIds.keys()],
  ]);

  for (const t of data.tasks) {
    const rows: { id: number }[] = await m.query(
      `INSERT INTO task (plan_id, area_id, area_basis, code, title, title_en, search_text, description, source_id, source_quote, source_note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (plan_id, lower(code)) DO NOTHING RETURNING id`,
      [
        plan(t.planCode),
        t.areaCode === null ? null : need(areaIds, `${t.planCode}/${t.areaCode}`, 'area'),
        t.areaBasis,
        t.code,
        t.title,
        t.titleEn,
        taskSearchText(t.title, t.titleEn),
        t.description,
        src(t.sourceKey),
        t.sourceQuote,
        t.sourceNote,
      ],
    );
    report.tasks += rows.length;
    if (rows.length && t.leadRegions.length) {
      await m.query('INSERT INTO task_lead_region (task_id, region_code) SELECT $1, unnest($2::varchar[])', [rows[0].id, t.leadRegions]);
    }
  }
  const taskIds = await ids(m, `SELECT p.code || '/' || t.code AS k, t.id FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = ANY($1)`, [
    [...planIds.keys()],
  ]);
  const task = (planCode: string, code: string) => need(taskIds, `${planCode}/${code}`, 'task');

  for (const e of data.evaluations) {
    const exists = await m.query('SELECT 1 FROM evaluation WHERE plan_id = $1 AND evaluated_on = $2', [plan(e.planCode), e.evaluatedOn]);
    if (exists.length) continue;
    await m.query(
      `INSERT INTO evaluation (plan_id, evaluated_on, evaluated_on_precision, task_count, completion_value, completion_qualifier, note, source_id, source_quote)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        plan(e.planCode),
        e.evaluatedOn,
        e.evaluatedOnPrecision,
        e.taskCount,
        e.completion ? percentToRate(e.completion.value) : null,
        e.completion?.qualifier ?? null,
        e.note,
        src(e.sourceKey),
        e.sourceQuote,
      ],
    );
    report.evaluations += 1;
  }

  const readings: [string, string, SeedReading][] = [];
  for (const i of data.indicators) {
    const rows: { id: number }[] = await m.query(
      `INSERT INTO indicator (code, name, name_en, unit, plan_id, task_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [i.code, i.name, i.nameEn, i.unit, i.planCode ? plan(i.planCode) : null, i.taskCode ? task(i.planCode as string, i.taskCode) : null],
    );
    report.indicators += rows.length;
    readings.push(
      ...i.readings.map((r): [string, string, SeedReading] => [i.code, 'ACTUAL', r]),
      ...(i.target ? [[i.code, 'TARGET', i.target] as [string, string, SeedReading]] : []),
      ...(i.baseline ? [[i.code, 'BASELINE', i.baseline] as [string, string, SeedReading]] : []),
    );
  }
  for (const a of data.readings ?? []) readings.push([a.indicatorCode, a.kind === 'target' ? 'TARGET' : 'ACTUAL', a.reading]);
  const indicatorIds = await ids(m, 'SELECT code AS k, id FROM indicator WHERE code = ANY($1)', [[...new Set(readings.map(([code]) => code))]]);
  for (const [code, kind, r] of readings) {
    // A reading already there (same indicator, kind, date, figure and source) is history: never added twice.
    report.readings += inserted(
      await m.query(
        `INSERT INTO indicator_reading (indicator_id, kind, value, qualifier, as_of, as_of_precision, note, source_id, source_quote)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
       WHERE NOT EXISTS (SELECT 1 FROM indicator_reading x WHERE x.indicator_id = $1 AND x.kind = $2::reading_kind
         AND x.as_of = $5::date AND x.value = $3::numeric AND x.qualifier = $4::figure_qualifier AND x.source_id = $8::int)
       RETURNING id`,
        [need(indicatorIds, code, 'indicator'), kind, r.value, r.qualifier, r.asOf, r.asOfPrecision, r.note, src(r.sourceKey), r.sourceQuote],
      ),
    );
  }

  report.taskUpdates = await loadTaskUpdates(m, data, task);
  return report;
}

/** Seeded statuses, oldest first per task, through the TaskWriter; skips one already there and any task changed since. */
async function loadTaskUpdates(m: EntityManager, data: SeedDataSet, task: (planCode: string, code: string) => number): Promise<number> {
  const writer = new TaskWriter();
  const sources = new Map(data.sources.map((s) => [s.key, s]));
  const ordered = [...data.taskUpdates].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
  let added = 0;
  for (const u of ordered) {
    const taskId = task(u.planCode, u.taskCode);
    const source = need(sources, u.sourceKey, 'source');
    const note = seedUpdateNote(u.note, source, u.sourceQuote);
    const [state] = await m.query(
      `SELECT t.version,
         EXISTS (SELECT 1 FROM task_update h WHERE h.task_id = t.id AND h.origin <> 'SEED') AS changed_since,
         EXISTS (SELECT 1 FROM task_update h WHERE h.task_id = t.id AND h.origin = 'SEED' AND h.note = $2) AS already
       FROM task t WHERE t.id = $1`,
      [taskId, note],
    );
    if (state.changed_since || state.already) continue;
    await writer.apply(
      m,
      taskId,
      state.version,
      {
        status: u.status as TaskStatus,
        ...(u.progress !== null ? { progress: u.progress } : {}),
      },
      { actor: SEED_ACTOR, origin: 'SEED', note, evidenceUrl: source.url, occurredOn: u.occurredOn },
    );
    added += 1;
  }
  return added;
}
