// Lookups that tie a task to its plan, area and parent, run on the caller's transaction. Each refusal names
// the input field: unknown records are NOT_FOUND, records of another plan and cycles are BAD_USER_INPUT.
import { EntityManager } from 'typeorm';
import { badInput, notFound } from '../common/errors/domain.exception';
import { parseId } from '../common/parse-id';

/** The id of a plan by code. */
export async function planIdByCode(m: EntityManager, planCode: string): Promise<number> {
  const [plan] = await m.query('SELECT id FROM plan WHERE lower(code) = lower($1)', [planCode]);
  if (!plan) throw notFound('Plan', planCode);
  return plan.id;
}

/** The id of the plan's area with this code; an area code known only in other plans is BAD_USER_INPUT. */
export async function areaIdByCode(m: EntityManager, planId: number, planCode: string, areaCode: string): Promise<number> {
  const rows: { id: number; plan_id: number }[] = await m.query('SELECT id, plan_id FROM area WHERE lower(code) = lower($1)', [areaCode]);
  const own = rows.find((r) => r.plan_id === planId);
  if (own) return own.id;
  if (rows.length > 0) throw badInput('areaCode', `area ${areaCode} belongs to another plan, not ${planCode}`);
  throw notFound('Area', areaCode);
}

/**
 * A would-be parent task, with whether it is archived (decideTaskChange refuses that): it must exist, belong to the
 * same plan, and (for an existing task `childId`) not be the task itself or one of its descendants. Callers changing a parent hold
 * lockTaskTree first, so two concurrent edits cannot build a cycle together.
 */
export async function parentFor(m: EntityManager, planId: number, parentTaskId: string, childId: number | null): Promise<{ id: number; archived: boolean }> {
  const parentId = parseId(parentTaskId, 'Task', 'parentTaskId');
  const [parent] = await m.query('SELECT id, plan_id, archived_at FROM task WHERE id = $1', [parentId]);
  if (!parent) throw notFound('Task', parentTaskId);
  if (parent.plan_id !== planId) throw badInput('parentTaskId', 'the parent task belongs to another plan');
  if (childId !== null) {
    const [{ cycle }] = await m.query(
      `WITH RECURSIVE up(id, parent_id) AS (
         SELECT id, parent_id FROM task WHERE id = $1
         UNION SELECT t.id, t.parent_id FROM task t JOIN up ON t.id = up.parent_id)
       SELECT bool_or(id = $2) AS cycle FROM up`,
      [parentId, childId],
    );
    if (cycle) throw badInput('parentTaskId', 'the task would become its own ancestor');
  }
  return { id: parentId, archived: parent.archived_at !== null };
}

/** Serialises changes to the parent links of one plan's tasks until the transaction ends. */
export async function lockTaskTree(m: EntityManager, planId: number): Promise<void> {
  await m.query("SELECT pg_advisory_xact_lock(hashtext('task-tree'), $1)", [planId]);
}
