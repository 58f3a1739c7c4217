import { EntityManager } from 'typeorm';
import { percentToRate } from '../progress/completion';
import { SeedDataSet, SeedReading } from './seed.types';

export interface SeedReport {
  sources: number;
  plans: number;
  areas: number;
  tasks: number;
  evaluations: number;
  indicators: number;
  readings: number;
}

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
 * Inserts every record of the data set that is not there yet, keyed by natural keys (source key, plan code,
 * area and task code within a plan, indicator code). Never updates a row: data entered later is kept.
 * Run it inside one transaction.
 */
export async function loadSeed(m: EntityManager, data: SeedDataSet): Promise<SeedReport> {
  const report: SeedReport = { sources: 0, plans: 0, areas: 0, tasks: 0, evaluations: 0, indicators: 0, readings: 0 };
  const inserted = (rows: unknown[]) => rows.length;

  for (const s of data.sources) {
    report.sources += inserted(await m.query(
      `INSERT INTO source (key, title, publisher, url, published_on, note) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO NOTHING RETURNING id`,
      [s.key, s.title, s.publisher, s.url, s.publishedOn, s.note],
    ));
  }
  const sourceIds = await ids(m, 'SELECT key AS k, id FROM source WHERE key = ANY($1)', [data.sources.map((s) => s.key)]);
  const src = (key: string) => need(sourceIds, key, 'source');

  for (const p of data.plans) {
    report.plans += inserted(await m.query(
      `INSERT INTO plan (code, round, title, title_en, issuer, period_start, period_end, declared_task_count, issued_on, issued_note, source_id, time_zone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (lower(code)) DO NOTHING RETURNING id`,
      [p.code, p.round, p.title, p.titleEn, p.issuer, p.periodStart, p.periodEnd, p.declaredTaskCount, p.issuedOn, p.issuedNote, src(p.sourceKey), p.timeZone],
    ));
  }
  const planIds = await ids(m, 'SELECT code AS k, id FROM plan WHERE code = ANY($1)', [data.plans.map((p) => p.code)]);
  const plan = (code: string) => need(planIds, code, 'plan');

  for (const a of data.areas) {
    report.areas += inserted(await m.query(
      `INSERT INTO area (plan_id, ordinal, code, name, name_en, declared_task_count, note, source_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (plan_id, lower(code)) DO NOTHING RETURNING id`,
      [plan(a.planCode), a.ordinal, a.code, a.name, a.nameEn, a.declaredTaskCount, a.note, src(a.sourceKey)],
    ));
  }
  const areaIds = await ids(m, `SELECT p.code || '/' || a.code AS k, a.id FROM area a JOIN plan p ON p.id = a.plan_id WHERE p.code = ANY($1)`, [[...planIds.keys()]]);

  for (const t of data.tasks) {
    const rows: { id: number }[] = await m.query(
      `INSERT INTO task (plan_id, area_id, area_basis, code, title, title_en, description, source_id, source_note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (plan_id, lower(code)) DO NOTHING RETURNING id`,
      [plan(t.planCode), t.areaCode === null ? null : need(areaIds, `${t.planCode}/${t.areaCode}`, 'area'), t.areaBasis, t.code,
        t.title, t.titleEn, t.description, src(t.sourceKey), t.sourceNote],
    );
    report.tasks += rows.length;
    if (rows.length && t.leadRegions.length) {
      await m.query('INSERT INTO task_lead_region (task_id, region_code) SELECT $1, unnest($2::varchar[])', [rows[0].id, t.leadRegions]);
    }
  }
  const taskIds = await ids(m, `SELECT p.code || '/' || t.code AS k, t.id FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = ANY($1)`, [[...planIds.keys()]]);

  for (const e of data.evaluations) {
    const exists = await m.query('SELECT 1 FROM evaluation WHERE plan_id = $1 AND evaluated_on = $2', [plan(e.planCode), e.evaluatedOn]);
    if (exists.length) continue;
    await m.query(
      `INSERT INTO evaluation (plan_id, evaluated_on, evaluated_on_precision, task_count, completion_value, completion_qualifier, note, source_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [plan(e.planCode), e.evaluatedOn, e.evaluatedOnPrecision, e.taskCount,
        e.completion ? percentToRate(e.completion.value) : null, e.completion?.qualifier ?? null, e.note, src(e.sourceKey)],
    );
    report.evaluations += 1;
  }

  for (const i of data.indicators) {
    const rows: { id: number }[] = await m.query(
      `INSERT INTO indicator (code, name, name_en, unit, plan_id, task_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [i.code, i.name, i.nameEn, i.unit, i.planCode ? plan(i.planCode) : null,
        i.taskCode ? need(taskIds, `${i.planCode}/${i.taskCode}`, 'task') : null],
    );
    if (!rows.length) continue; // readings of an existing indicator are history: never re-added
    report.indicators += 1;
    const readings: [string, SeedReading][] = [
      ...i.readings.map((r): [string, SeedReading] => ['ACTUAL', r]),
      ...(i.target ? [['TARGET', i.target] as [string, SeedReading]] : []),
      ...(i.baseline ? [['BASELINE', i.baseline] as [string, SeedReading]] : []),
    ];
    for (const [kind, r] of readings) {
      await m.query(
        `INSERT INTO indicator_reading (indicator_id, kind, value, qualifier, as_of, as_of_precision, note, source_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [rows[0].id, kind, r.value, r.qualifier, r.asOf, r.asOfPrecision, r.note, src(r.sourceKey)],
      );
      report.readings += 1;
    }
  }
  return report;
}
