import { TaskStatus } from '../common/domain-enums';
import { bigintId, date, int, jsonObject, oneOf, RowShape, text, timestamp } from '../common/sql/row-shape';
import { TaskUpdateEntity } from './task-update.entity';

/** A history row's columns, once: the history pages and a task page's latest update select and read them from it. */
export const TASK_UPDATE_SHAPE = new RowShape('task_update', {
  id: bigintId,
  taskId: int,
  version: int,
  actorKeyId: text.orNull(),
  actorName: text,
  origin: text,
  recordedAt: timestamp,
  occurredOn: date.orNull(),
  statusFrom: oneOf(TaskStatus).orNull(),
  statusTo: oneOf(TaskStatus).orNull(),
  progressFrom: int.orNull(),
  progressTo: int.orNull(),
  note: text.orNull(),
  evidenceUrl: text.orNull(),
  changes: jsonObject<Record<string, [unknown, unknown]>>().orNull(),
});

/** A history row (`from: 'row'`) or its JSON (`'json'`), checked, as the entity. */
export function taskUpdateFrom(value: unknown, from: 'row' | 'json'): TaskUpdateEntity {
  return Object.assign(new TaskUpdateEntity(), from === 'row' ? TASK_UPDATE_SHAPE.fromRow(value) : TASK_UPDATE_SHAPE.fromJson(value));
}
