import { int, RowShape, text } from '../common/sql/row-shape';
import { AreaEntity } from './area.entity';

/**
 * The area as other statements carry it (a task page, progress by area): the entity's columns but its timestamps,
 * which no field reads. area.shape.spec.ts holds it together with the entity and the GraphQL type.
 */
export const AREA_SHAPE = new RowShape('area', {
  id: int,
  planId: int,
  ordinal: int,
  code: text,
  name: text,
  nameEn: text.orNull(),
  declaredTaskCount: int.orNull(),
  note: text.orNull(),
  sourceId: int.orNull(),
  sourceQuote: text.orNull(),
});

/** An area carried as AREA_SHAPE.json(), checked, as the entity. */
export function areaFromJson(json: unknown): AreaEntity {
  return Object.assign(new AreaEntity(), AREA_SHAPE.fromJson(json));
}
