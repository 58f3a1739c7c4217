import { registerTaskPageRelation } from '../tasks/task-page-relations';
import { TaskUpdateEntity } from './task-update.entity';
import { TASK_UPDATE_SHAPE, taskUpdateFrom } from './task-update.shape';

/** Task.latestUpdate in a task page's own statement, when the page's query asks for it. */
export const LATEST_UPDATE_ON_PAGE = registerTaskPageRelation<TaskUpdateEntity | null>({
  field: 'latestUpdate',
  sql: `(SELECT ${TASK_UPDATE_SHAPE.json('u')} FROM task_update u WHERE u.task_id = page.id ORDER BY u.version DESC LIMIT 1)`,
  parse: (json) => (json === null ? null : taskUpdateFrom(json, 'json')),
});
