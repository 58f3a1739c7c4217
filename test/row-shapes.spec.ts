// The record shapes (src/*/*.shape.ts) against what they describe: the table in the database, the TypeORM entity,
// and the GraphQL type. A shape builds the select lists, the JSON the statements carry and the row parsers, so these
// checks hold all of them together.
import { TypeMetadataStorage } from '@nestjs/graphql';
import { getMetadataArgsStorage } from 'typeorm';
import { AreaEntity } from '../src/areas/area.entity';
import { AREA_SHAPE } from '../src/areas/area.shape';
import { AreaType } from '../src/areas/area.type';
import { columnOf, RowShape } from '../src/common/sql/row-shape';
import { IndicatorEntity } from '../src/indicators/indicator.entity';
import { INDICATOR_SHAPE } from '../src/indicators/indicator.shape';
import { IndicatorType } from '../src/indicators/indicator.type';
import { RegionEntity } from '../src/regions/region.entity';
import { REGION_SHAPE } from '../src/regions/region.shape';
import { RegionType } from '../src/regions/region.type';
import { TaskUpdateEntity } from '../src/task-updates/task-update.entity';
import { TASK_UPDATE_SHAPE } from '../src/task-updates/task-update.shape';
import { TaskUpdateType } from '../src/task-updates/task-update.type';
import { TaskEntity } from '../src/tasks/task.entity';
import { TASK_SHAPE } from '../src/tasks/task.shape';
import { TaskType } from '../src/tasks/task.type';
import { bootTestApp, TestApp } from './support/test-app';

// Columns a shape leaves out on purpose, and GraphQL fields that are not columns (made from others, e.g. Region.id).
const CASES = [
  { name: 'task', shape: TASK_SHAPE, entity: TaskEntity, type: TaskType, leftOut: ['search_text'], notColumns: [] },
  { name: 'area', shape: AREA_SHAPE, entity: AreaEntity, type: AreaType, leftOut: ['created_at', 'updated_at'], notColumns: [] },
  { name: 'region', shape: REGION_SHAPE, entity: RegionEntity, type: RegionType, leftOut: [], notColumns: ['id'] },
  { name: 'task_update', shape: TASK_UPDATE_SHAPE, entity: TaskUpdateEntity, type: TaskUpdateType, leftOut: [], notColumns: [] },
  { name: 'indicator', shape: INDICATOR_SHAPE, entity: IndicatorEntity, type: IndicatorType, leftOut: [], notColumns: [] },
] as { name: string; shape: RowShape<any>; entity: Function; type: Function; leftOut: string[]; notColumns: string[] }[];

const nullableFields = (shape: RowShape<any>) =>
  Object.entries(shape.fields)
    .filter(([, type]) => (type as { nullable: boolean }).nullable)
    .map(([field]) => field)
    .sort();

describe('record shapes', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Booting builds the schema (GraphQL metadata) and runs the migrations (the tables).
    t = await bootTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(CASES)("$name: the shape holds the table's columns with their nullability, but those it leaves out on purpose", async ({ name, shape, leftOut }) => {
    const columns: { column_name: string; is_nullable: 'YES' | 'NO' }[] = await t.ds.query(
      `SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
      [name],
    );
    expect([...shape.columns].sort()).toEqual(
      columns
        .map((c) => c.column_name)
        .filter((c) => !leftOut.includes(c))
        .sort(),
    );
    const nullable = new Set(columns.filter((c) => c.is_nullable === 'YES').map((c) => c.column_name));
    expect(nullableFields(shape).map(columnOf)).toEqual([...shape.columns].filter((c) => nullable.has(c)).sort());
  });

  it.each(CASES)('$name: the entity maps the same properties to the same columns', ({ shape, entity, leftOut }) => {
    const mapped = getMetadataArgsStorage()
      .columns.filter((c) => c.target === entity)
      .map((c) => [c.propertyName, c.options.name ?? c.propertyName])
      .filter(([, column]) => !leftOut.includes(column));
    expect(Object.fromEntries(mapped)).toEqual(Object.fromEntries(Object.keys(shape.fields).map((field) => [field, columnOf(field)])));
  });

  it.each(CASES)('$name: every plain field of the GraphQL type is a field of the shape', ({ shape, type, notColumns }) => {
    // The type's own @Field properties (decorated on the class, so they carry its design type); fields of @ResolveField
    // methods belong to the resolvers that answer them.
    const properties = (TypeMetadataStorage.getObjectTypeMetadataByTarget(type as never)?.properties ?? []).filter((p) =>
      Reflect.hasOwnMetadata('design:type', type.prototype, p.name),
    );
    expect(properties.length).toBeGreaterThan(0);
    const missing = properties.map((p) => p.name).filter((name) => !(name in shape.fields) && !notColumns.includes(name));
    expect(missing).toEqual([]);
  });

  it('selects and carries the task by its shape: a stored row reads back as the entity TypeORM loads', async () => {
    const [row] = await t.ds.query(`SELECT ${TASK_SHAPE.select('t')} FROM task t ORDER BY t.id LIMIT 1`);
    const [json] = await t.ds.query(`SELECT ${TASK_SHAPE.json('t')} AS j FROM task t ORDER BY t.id LIMIT 1`);
    const loaded = await t.ds.getRepository(TaskEntity).findOneByOrFail({ id: row.id });
    expect(TASK_SHAPE.fromRow(row)).toEqual({ ...loaded });
    expect(TASK_SHAPE.fromJson(json.j)).toEqual({ ...loaded });
  });
});
