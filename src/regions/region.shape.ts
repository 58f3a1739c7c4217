import { int, RowShape, text } from '../common/sql/row-shape';
import { RegionEntity } from './region.entity';

/** A region's columns, once: task pages carry lead regions as its JSON, and the lead-region loader selects them. */
export const REGION_SHAPE = new RowShape('region', {
  code: text,
  ordinal: int,
  name: text,
  nameEn: text,
  abbreviation: text,
});

/** A region row (`from: 'row'`) or its JSON (`'json'`), checked, as the entity. */
export function regionFrom(value: unknown, from: 'row' | 'json'): RegionEntity {
  return Object.assign(new RegionEntity(), from === 'row' ? REGION_SHAPE.fromRow(value) : REGION_SHAPE.fromJson(value));
}
