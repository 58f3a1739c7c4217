import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { mayWriteForRegions } from '../auth/principal';
import { AreaBasis, TaskStatus } from '../common/domain-enums';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { Principal } from '../common/graphql-context';
import { planTodaySql } from '../common/time-zone';
import { TaskEntity } from '../tasks/task.entity';
import { taskFromRow } from '../tasks/task.shape';
import { TASK_COLUMNS, taskColumns } from '../tasks/tasks.sql';
import { taskSearchText } from '../tasks/search-folding';
import { decideTaskChange, RuleField, sameValue, TaskChangeDecision, TaskState } from './task-change.rules';
import { prepared } from '../common/sql/prepared';
import { text, textList } from '../common/sql/row-shape';
import { AppConfig } from '../common/config/app-config';
import { taskChangedNotifySql } from './task-change-notice';

/** Fields of a task a writer may change, with their columns. */
const COLUMNS = {
  status: 'status',
  progress: 'progress',
  code: 'code',
  title: 'title',
  titleEn: 'title_en',
  description: 'description',
  areaId: 'area_id',
  areaBasis: 'area_basis',
  parentId: 'parent_id',
  leadAgencies: 'lead_agencies',
  startDate: 'start_date',
  dueDate: 'due_date',
  archivedAt: 'archived_at',
} as const;

export type TaskFieldChange = Partial<{
  status: TaskStatus;
  progress: number | null;
  code: string;
  title: string;
  titleEn: string | null;
  description: string | null;
  areaId: number | null;
  areaBasis: AreaBasis | null;
  parentId: number | null;
  leadAgencies: string[];
  startDate: string | null;
  dueDate: string | null;
  leadRegions: string[];
  /** Archiving is a change like any other: it bumps the version and writes a history row. */
  archivedAt: Date;
}>;

export interface ChangeMeta {
  actor: Principal;
  origin: 'API' | 'IMPORT' | 'ADMIN' | 'SEED';
  note?: string | null;
  evidenceUrl?: string | null;
  occurredOn?: string | null;
}

export interface AppliedChange {
  task: TaskEntity;
  /** False when nothing differed and no note was given: no version bump, no history row. */
  changed: boolean;
}

/**
 * The one way a task changes: read the task, check the caller's version, region and the change rules, then ONE
 * statement that updates the row only if it is still at that version (bumping it), rewrites the lead regions if
 * they changed, and appends exactly one history row. The conditional UPDATE is the concurrency control (no row lock
 * is held between round trips): every change bumps the version, so a row still at the version the rules were checked
 * against is the row they were checked against. Runs on the caller's manager (`m`): inside a transaction when the
 * caller has more to do, alone when the statement is the whole write. The same statement queues the change's notice
 * for live subscribers (src/live), which PostgreSQL sends only if the transaction commits (off with LIVE_UPDATES=false).
 */
@Injectable()
export class TaskWriter {
  private readonly notify: boolean;

  constructor(@Optional() @Inject(AppConfig) config?: AppConfig) {
    this.notify = config?.LIVE_UPDATES ?? true;
  }

  async apply(m: EntityManager, taskId: number, expectedVersion: number, change: TaskFieldChange, meta: ChangeMeta): Promise<AppliedChange> {
    const [row] = await m.query(
      prepared(`SELECT ${taskColumns('t')}, ARRAY(SELECT lr.region_code FROM task_lead_region lr WHERE lr.task_id = t.id ORDER BY lr.region_code) AS lead_regions,
         (SELECT to_char(${planTodaySql('p.time_zone')}, 'YYYY-MM-DD') FROM plan p WHERE p.id = t.plan_id) AS plan_today
       FROM task t WHERE t.id = $1`),
      [taskId],
    );
    if (!row) throw notFound('Task', taskId);
    const current = taskFromRow(row);
    const currentRegions = textList.read(row.lead_regions, 'task.lead_regions');
    if (!mayWriteForRegions(meta.actor, currentRegions) || (change.leadRegions && !mayWriteForRegions(meta.actor, change.leadRegions))) {
      throw new DomainException(ErrorCode.FORBIDDEN, `This key may not write task ${current.code}: it is not led by one of the key's regions`);
    }
    // The plan's day, not UTC's: an editor in Shanghai may report a change that happened on Shanghai's today.
    const today = text.read(row.plan_today, 'plan.today');
    const [parent] =
      typeof change.parentId === 'number' ? await m.query('SELECT archived_at IS NOT NULL AS archived FROM task WHERE id = $1', [change.parentId]) : [];
    const decision = decideTaskChange(
      taskState(current),
      {
        expectedVersion,
        status: change.status,
        progress: change.progress,
        startDate: change.startDate,
        dueDate: change.dueDate,
        parent: change.parentId === undefined ? undefined : change.parentId === null ? null : { archived: parent?.archived === true },
        note: meta.note,
        evidenceUrl: meta.evidenceUrl,
        occurredOn: meta.occurredOn,
      },
      today,
    );
    const { status, progress } = acceptedOrThrow(decision, current.code, meta.origin);
    const next: TaskFieldChange = { ...change, status, progress };

    const diff: Record<string, [unknown, unknown]> = {};
    for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
      if (next[key] !== undefined && !sameValue(next[key], current[key])) diff[key] = [current[key], next[key]];
    }
    if (next.leadRegions !== undefined) {
      const wanted = [...new Set(next.leadRegions)].sort();
      if (!sameValue(wanted, currentRegions)) diff.leadRegions = [currentRegions, wanted];
    }
    const hasNote = !!meta.note || !!meta.evidenceUrl;
    if (Object.keys(diff).length === 0 && !hasNote) return { task: current, changed: false };

    const { status: _s, progress: _p, ...other } = diff;
    const params: unknown[] = [
      taskId,
      expectedVersion,
      meta.actor.keyId,
      meta.actor.name,
      meta.origin,
      meta.occurredOn ?? today,
      current.status,
      current.progress,
      meta.note ?? null,
      meta.evidenceUrl ?? null,
      Object.keys(other).length ? JSON.stringify(other) : null,
    ];
    const sets: string[] = [];
    for (const key of Object.keys(diff)) {
      if (key === 'leadRegions') continue;
      params.push(diff[key][1]);
      sets.push(`${COLUMNS[key as keyof typeof COLUMNS]} = $${params.length}`);
    }
    if (diff.title || diff.titleEn) {
      // The folded search text follows the titles in the same statement.
      params.push(taskSearchText(next.title ?? current.title, next.titleEn !== undefined ? next.titleEn : current.titleEn));
      sets.push(`search_text = $${params.length}`);
    }
    let regionSteps = '';
    if (diff.leadRegions) {
      params.push(diff.leadRegions[1]);
      const wanted = `$${params.length}::varchar[]`;
      // Delete only what goes and insert only what is new: one statement's sub-steps share a snapshot.
      regionSteps = `,
       gone AS (DELETE FROM task_lead_region WHERE task_id IN (SELECT id FROM u) AND region_code <> ALL(${wanted})),
       added AS (INSERT INTO task_lead_region (task_id, region_code) SELECT u.id, r FROM u, unnest(${wanted}) r ON CONFLICT DO NOTHING)`;
    }
    let notice = '';
    if (this.notify) {
      // A task that moved is announced to its old area's subscribers too.
      const fromArea = diff.areaId ? `$${params.push(current.areaId)}::int` : 'NULL';
      notice = `, ${taskChangedNotifySql('u', fromArea)} AS notified`;
    }
    const updated = await m.query(
      prepared(`WITH u AS (UPDATE task SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
         WHERE id = $1 AND version = $2 RETURNING ${TASK_COLUMNS.join(', ')})${regionSteps},
       h AS (INSERT INTO task_update (task_id, version, actor_key_id, actor_name, origin, occurred_on, status_from, status_to,
         progress_from, progress_to, note, evidence_url, changes)
         SELECT u.id, u.version, $3::uuid, $4::text, $5::varchar, $6::date, $7::task_status, u.status, $8::smallint, u.progress,
           $9::text, $10::text, $11::jsonb FROM u)
       SELECT *${notice} FROM u`),
      params,
    );
    if (updated.length !== 1) {
      // Someone else's write landed between the read and this statement: nothing of ours was written.
      const [now] = await m.query('SELECT version FROM task WHERE id = $1', [taskId]);
      throw versionConflict(current.code, expectedVersion, now?.version ?? null);
    }
    return { task: taskFromRow(updated[0]), changed: true };
  }

  /** Queues the notices of tasks just created in `m`'s transaction (a created task has version 1 and no history row). */
  async announceCreated(m: EntityManager, taskIds: number[]): Promise<void> {
    if (!this.notify || taskIds.length === 0) return;
    await m.query(`SELECT ${taskChangedNotifySql('t')} FROM task t WHERE t.id = ANY($1::int[])`, [taskIds]);
  }
}

/** The rules' view of a stored task. */
export function taskState(task: TaskEntity): TaskState {
  return {
    version: task.version,
    status: task.status,
    progress: task.progress,
    startDate: task.startDate,
    dueDate: task.dueDate,
    archived: task.archivedAt !== null,
  };
}

// Each path names the rules' fields as its own input does.
const FIELD_NAMES: Record<ChangeMeta['origin'], Partial<Record<RuleField, string>>> = {
  API: { task: 'taskId' },
  ADMIN: { task: 'id', parent: 'parentTaskId' },
  IMPORT: { task: 'code', parent: 'parentCode' },
  SEED: { task: 'taskCode' },
};

/** The accepted outcome of decideTaskChange, or the coded error its refusal or conflict is (VERSION_CONFLICT, BAD_USER_INPUT). */
export function acceptedOrThrow(decision: TaskChangeDecision, code: string, origin: ChangeMeta['origin']): Extract<TaskChangeDecision, { kind: 'accepted' }> {
  if (decision.kind === 'accepted') return decision;
  if (decision.kind === 'conflict') throw versionConflict(code, decision.expectedVersion, decision.actualVersion);
  const violations = decision.violations.map((x) => ({ field: FIELD_NAMES[origin][x.field] ?? x.field, message: x.message }));
  throw new DomainException(ErrorCode.BAD_USER_INPUT, violations.map((x) => `${x.field}: ${x.message}`).join('; '), { field: violations[0].field, violations });
}

function versionConflict(code: string, expectedVersion: number, actualVersion: number | null) {
  return new DomainException(ErrorCode.VERSION_CONFLICT, `Task ${code} is at version ${actualVersion ?? 'another version'}, not ${expectedVersion}`, {
    expectedVersion,
    actualVersion,
  });
}
