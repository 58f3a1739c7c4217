import { registerTaskPageRelation } from '../tasks/task-page-relations';
import { TaskUpdateEntity } from './task-update.entity';

type LatestUpdateJson = Omit<TaskUpdateEntity, 'recordedAt'> & { recordedAt: string };

/** Task.latestUpdate in a task page's own statement, when the page's query asks for it. */
export const LATEST_UPDATE_ON_PAGE = registerTaskPageRelation<TaskUpdateEntity | null>({
  field: 'latestUpdate',
  sql: `(SELECT json_build_object('id', u.id::text, 'taskId', u.task_id, 'version', u.version, 'actorKeyId', u.actor_key_id,
        'actorName', u.actor_name, 'origin', u.origin, 'recordedAt', u.recorded_at, 'occurredOn', u.occurred_on,
        'statusFrom', u.status_from, 'statusTo', u.status_to, 'progressFrom', u.progress_from, 'progressTo', u.progress_to,
        'note', u.note, 'evidenceUrl', u.evidence_url, 'changes', u.changes)
        FROM task_update u WHERE u.task_id = page.id ORDER BY u.version DESC LIMIT 1)`,
  parse: (json) => {
    const u = json as LatestUpdateJson | null;
    return u ? Object.assign(new TaskUpdateEntity(), u, { recordedAt: new Date(u.recordedAt) }) : null;
  },
});
