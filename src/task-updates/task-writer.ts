import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { mayWriteForRegions } from '../auth/principal';
import { AreaBasis, TaskStatus } from '../common/domain-enums';
import { badInput, DomainException, notFound } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { Principal } from '../common/graphql-context';
import { todayUtc } from '../common/local-date';
import { TaskEntity } from '../tasks/task.entity';
import { taskFromRow } from '../tasks/tasks.service';
import { checkProgressChange, impliedProgress } from './task-change.rules';

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
  origin: 'API' | 'IMPORT' | 'ADMIN';
  note?: string | null;
  evidenceUrl?: string | null;
  occurredOn?: string | null;
}

export interface AppliedChange {
  task: TaskEntity;
  /** False when nothing differed and no note was given: no version bump, no history row. */
  changed: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The one way a task changes: lock the row, check the caller's version and region, apply the change with a
 * conditional UPDATE that bumps the version, and append exactly one history row. Runs on the caller's
 * transaction (`m`), so a failure anywhere leaves nothing behind.
 */
@Injectable()
export class TaskWriter {
  async apply(m: EntityManager, taskId: number, expectedVersion: number, change: TaskFieldChange, meta: ChangeMeta): Promise<AppliedChange> {
    const [row] = await m.query(
      `SELECT t.*, ARRAY(SELECT lr.region_code FROM task_lead_region lr WHERE lr.task_id = t.id ORDER BY lr.region_code) AS lead_regions
       FROM task t WHERE t.id = $1 FOR UPDATE OF t`,
      [taskId],
    );
    if (!row) throw notFound('Task', taskId);
    const current = taskFromRow(row);
    const currentRegions: string[] = row.lead_regions;
    if (!mayWriteForRegions(meta.actor, currentRegions) || (change.leadRegions && !mayWriteForRegions(meta.actor, change.leadRegions))) {
      throw new DomainException(ErrorCode.FORBIDDEN, `This key may not write task ${current.code}: it is not led by one of the key's regions`);
    }
    if (current.archivedAt) throw badInput('taskId', 'the task is archived');
    if (current.version !== expectedVersion) {
      throw new DomainException(ErrorCode.VERSION_CONFLICT, `Task ${current.code} is at version ${current.version}, not ${expectedVersion}`, {
        expectedVersion,
        actualVersion: current.version,
      });
    }

    const today = todayUtc();
    const violations = checkProgressChange(current, { status: change.status, progress: change.progress, ...meta }, today);
    if (violations.length) {
      throw new DomainException(ErrorCode.BAD_USER_INPUT, violations.map((x) => `${x.field}: ${x.message}`).join('; '), {
        field: violations[0].field,
        violations,
      });
    }
    const progress = impliedProgress(current, change);
    const next: TaskFieldChange = { ...change, ...(progress !== undefined ? { progress } : {}) };

    const diff: Record<string, [unknown, unknown]> = {};
    for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
      if (next[key] !== undefined && !same(next[key], current[key])) diff[key] = [current[key], next[key]];
    }
    if (next.leadRegions !== undefined) {
      const wanted = [...new Set(next.leadRegions)].sort();
      if (!same(wanted, currentRegions)) diff.leadRegions = [currentRegions, wanted];
    }
    const hasNote = !!meta.note || !!meta.evidenceUrl;
    if (Object.keys(diff).length === 0 && !hasNote) return { task: current, changed: false };

    const sets: string[] = [];
    const params: unknown[] = [taskId, expectedVersion];
    for (const key of Object.keys(diff)) {
      if (key === 'leadRegions') continue;
      params.push(diff[key][1]);
      sets.push(`${COLUMNS[key as keyof typeof COLUMNS]} = $${params.length}`);
    }
    // The version check is in the UPDATE itself: zero rows means someone else got there first.
    const updated = await m.query(
      `WITH u AS (UPDATE task SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
         WHERE id = $1 AND version = $2 RETURNING *) SELECT * FROM u`,
      params,
    );
    if (updated.length !== 1) {
      throw new DomainException(ErrorCode.VERSION_CONFLICT, `Task ${current.code} changed while this update was applied`, {
        expectedVersion,
        actualVersion: null,
      });
    }
    if (diff.leadRegions) {
      await m.query('DELETE FROM task_lead_region WHERE task_id = $1', [taskId]);
      await m.query('INSERT INTO task_lead_region (task_id, region_code) SELECT $1, unnest($2::varchar[])', [taskId, diff.leadRegions[1]]);
    }
    const task = taskFromRow(updated[0]);
    const { status: _s, progress: _p, ...other } = diff;
    await m.query(
      `INSERT INTO task_update (task_id, version, actor_key_id, actor_name, origin, occurred_on, status_from, status_to,
         progress_from, progress_to, note, evidence_url, changes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        taskId, task.version, meta.actor.keyId, meta.actor.name, meta.origin, meta.occurredOn ?? today,
        current.status, task.status, current.progress, task.progress,
        meta.note ?? null, meta.evidenceUrl ?? null, Object.keys(other).length ? JSON.stringify(other) : null,
      ],
    );
    return { task, changed: true };
  }
}
