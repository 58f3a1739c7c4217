import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AreaBasis } from '../common/domain-enums';
import { badInput, notFound } from '../common/errors/domain.exception';
import { conflictOnUnique } from '../common/errors/unique-violation';
import { Principal } from '../common/graphql-context';
import { parseId } from '../common/parse-id';
import { decideTaskChange } from './task-change.rules';
import { acceptedOrThrow, TaskFieldChange, taskState, TaskWriter } from './task-writer';
import { todayUtc } from '../common/local-date';
import { ArchiveTaskInput } from './dto/archive-task.input';
import { CreateTaskInput } from './dto/create-task.input';
import { UpdateTaskInput } from './dto/update-task.input';
import { areaIdByCode, lockTaskTree, parentFor, planIdByCode } from '../tasks/task-links';
import { TaskEntity } from '../tasks/task.entity';
import { taskFromRow } from '../tasks/task.shape';
import { taskSearchText } from '../tasks/search-folding';
import { storedQuote } from '../sources/source-quote';

const UNIQUE_FIELDS = { code: 'code' };
const UPDATABLE = [
  'planCode',
  'areaCode',
  'code',
  'title',
  'titleEn',
  'description',
  'leadRegions',
  'leadAgencies',
  'startDate',
  'dueDate',
  'parentTaskId',
] as const;

/**
 * Admin writes to tasks. A new task starts at version 1 with no history row, so "history rows = version - 1"
 * holds for every task and each history row stands for exactly one version bump; every later change goes
 * through TaskWriter (origin ADMIN).
 */
@Injectable()
export class TasksAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly writer: TaskWriter,
  ) {}

  async create(input: CreateTaskInput): Promise<TaskEntity> {
    return this.ds.transaction(async (m) => {
      const planId = await planIdByCode(m, input.planCode);
      const areaId = input.areaCode ? await areaIdByCode(m, planId, input.planCode, input.areaCode) : null;
      if (input.parentTaskId) await lockTaskTree(m, planId);
      const parent = input.parentTaskId ? await parentFor(m, planId, input.parentTaskId, null) : null;
      acceptedOrThrow(decideTaskChange(null, { startDate: input.startDate, dueDate: input.dueDate, parent }, todayUtc()), input.code, 'ADMIN');
      const parentId = parent?.id ?? null;
      let row: Record<string, unknown>;
      try {
        [row] = await m.query(
          `INSERT INTO task (plan_id, area_id, area_basis, parent_id, code, title, title_en, search_text, description, lead_agencies, start_date, due_date, source_quote)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
          [
            planId,
            areaId,
            areaId === null ? AreaBasis.NOT_STATED : AreaBasis.STATED,
            parentId,
            input.code,
            input.title,
            input.titleEn ?? null,
            taskSearchText(input.title, input.titleEn),
            input.description ?? null,
            input.leadAgencies ?? [],
            input.startDate ?? null,
            input.dueDate ?? null,
            storedQuote(input.sourceQuote),
          ],
        );
      } catch (err) {
        conflictOnUnique(err, 'task of this plan', UNIQUE_FIELDS);
      }
      const regions = [...new Set(input.leadRegions ?? [])];
      if (regions.length) {
        await m.query('INSERT INTO task_lead_region (task_id, region_code) SELECT $1, unnest($2::varchar[])', [row.id, regions]);
      }
      await this.writer.announceCreated(m, [row.id as number]);
      return taskFromRow(row);
    });
  }

  /** Applies the given fields through TaskWriter: one version bump and one history row, or nothing when nothing differs. */
  async update(input: UpdateTaskInput, actor: Principal): Promise<TaskEntity> {
    const id = parseId(input.id, 'Task', 'id');
    if (UPDATABLE.every((k) => input[k] === undefined)) throw badInput('input', `give at least one of ${UPDATABLE.join(', ')}`);
    return this.ds.transaction(async (m) => {
      const current = await this.lockedTask(m, id, input.expectedVersion, typeof input.parentTaskId === 'string');
      const [plan] = await m.query('SELECT code FROM plan WHERE id = $1', [current.planId]);
      if (input.planCode !== undefined && input.planCode.toLowerCase() !== plan.code.toLowerCase()) {
        throw badInput('planCode', `task ${current.code} belongs to plan ${plan.code}; tasks do not move between plans`);
      }
      const change: TaskFieldChange = {
        code: input.code,
        title: input.title,
        titleEn: input.titleEn,
        description: input.description,
        leadRegions: input.leadRegions,
        leadAgencies: input.leadAgencies,
        startDate: input.startDate,
        dueDate: input.dueDate,
      };
      if (input.areaCode !== undefined) {
        const areaId = input.areaCode === null ? null : await areaIdByCode(m, current.planId, plan.code, input.areaCode);
        // The basis says how the area is known; it changes only when the area does.
        if (areaId !== current.areaId) Object.assign(change, { areaId, areaBasis: areaId === null ? AreaBasis.NOT_STATED : AreaBasis.STATED });
      }
      if (input.parentTaskId !== undefined) {
        change.parentId = input.parentTaskId === null ? null : (await parentFor(m, current.planId, input.parentTaskId, id)).id;
      }
      try {
        return (await this.writer.apply(m, id, input.expectedVersion, change, { actor, origin: 'ADMIN' })).task;
      } catch (err) {
        conflictOnUnique(err, 'task of this plan', UNIQUE_FIELDS);
      }
    });
  }

  /** Soft delete: sets archivedAt through TaskWriter, so it bumps the version and writes a history row. */
  async archive(input: ArchiveTaskInput, actor: Principal): Promise<TaskEntity> {
    const id = parseId(input.id, 'Task', 'id');
    return this.ds.transaction(async (m) => {
      // Under the tree lock no sub-task can be added while the count is checked.
      const current = await this.lockedTask(m, id, input.expectedVersion, true);
      const [{ live }] = await m.query('SELECT count(*)::int AS live FROM task WHERE parent_id = $1 AND archived_at IS NULL', [id]);
      if (live > 0) throw badInput('id', `task ${current.code} has ${live} sub-task(s) that are not archived; archive them first`);
      return (await this.writer.apply(m, id, input.expectedVersion, { archivedAt: new Date() }, { actor, origin: 'ADMIN' })).task;
    });
  }

  /**
   * The task, locked for the rest of the transaction. A stale version is refused before anything else, so a
   * client working from an old read learns that first; archived tasks are not edited.
   */
  private async lockedTask(m: EntityManager, id: number, expectedVersion: number, treeLock: boolean): Promise<TaskEntity> {
    if (treeLock) {
      // The tree lock comes before any row lock: setting a parent takes a key-share lock on the parent's row,
      // so a writer holding a task row while waiting for the tree lock could deadlock with the lock holder.
      const [found] = await m.query('SELECT plan_id FROM task WHERE id = $1', [id]);
      if (!found) throw notFound('Task', id);
      await lockTaskTree(m, found.plan_id);
    }
    const [row] = await m.query('SELECT * FROM task WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw notFound('Task', id);
    const task = taskFromRow(row);
    acceptedOrThrow(decideTaskChange(taskState(task), { expectedVersion }, todayUtc()), task.code, 'ADMIN');
    return task;
  }
}
