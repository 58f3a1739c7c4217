import { int, RowShape, text, timestamp } from '../common/sql/row-shape';
import { IndicatorEntity } from './indicator.entity';

/** An indicator's columns, once: a task page carries a task's indicators as its JSON. */
export const INDICATOR_SHAPE = new RowShape('indicator', {
  id: int,
  code: text,
  name: text,
  nameEn: text.orNull(),
  unit: text,
  planId: int.orNull(),
  taskId: int.orNull(),
  createdAt: timestamp,
});

/** An indicator carried as INDICATOR_SHAPE.json(), checked, as the entity. */
export function indicatorFromJson(json: unknown): IndicatorEntity {
  return Object.assign(new IndicatorEntity(), INDICATOR_SHAPE.fromJson(json));
}
