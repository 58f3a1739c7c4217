import { AreaBasis, TaskStatus } from '../common/domain-enums';
import { date, int, oneOf, RowShape, text, textList, timestamp } from '../common/sql/row-shape';
import { TaskEntity } from './task.entity';

/**
 * The task's columns, once: the select lists (tasks.sql.ts, TaskWriter) and the row parser are made from it, and
 * task.shape.spec.ts holds it together with the entity (same properties, columns, nullability) and the GraphQL type.
 */
export const TASK_SHAPE = new RowShape('task', {
  id: int,
  planId: int,
  areaId: int.orNull(),
  areaBasis: oneOf(AreaBasis).orNull(),
  parentId: int.orNull(),
  code: text,
  title: text,
  titleEn: text.orNull(),
  description: text.orNull(),
  status: oneOf(TaskStatus),
  progress: int.orNull(),
  leadAgencies: textList,
  startDate: date.orNull(),
  dueDate: date.orNull(),
  version: int,
  archivedAt: timestamp.orNull(),
  sourceId: int.orNull(),
  sourceQuote: text.orNull(),
  sourceNote: text.orNull(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A task row as pg returns it (snake_case columns), checked, as the entity the GraphQL types read. */
export function taskFromRow(row: unknown): TaskEntity {
  return Object.assign(new TaskEntity(), TASK_SHAPE.fromRow(row));
}
