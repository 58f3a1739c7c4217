// Relations of Task owned by other features (its latest update, its indicators) that a task page can carry in its
// own statement. The owner registers the relation here; tasks/ never imports it, so the folders stay one-way.
import type { TaskPrefetch } from './task.entity';

/** A relation a task page can carry as JSON when the page's query selects its field under `edges { node }`. */
export interface TaskPageRelation<T> {
  /** The Task field that reads it, e.g. `latestUpdate`. */
  readonly field: string;
  /** A select-list expression over the page's task row (`page.id`, `page.plan_id`, …) that yields JSON. */
  readonly sql: string;
  /** The expression's value (pg's JSON) as the field's answer. */
  parse(json: unknown): T;
}

/** A registered relation: also reads what a page carried for one task (undefined when the page did not carry it). */
export interface RegisteredTaskPageRelation<T> extends TaskPageRelation<T> {
  readonly column: string;
  prefetched(task: { prefetched?: TaskPrefetch }): T | undefined;
}

const relations = new Map<string, RegisteredTaskPageRelation<unknown>>();

/** Makes a relation available to task pages; its owner calls this once, where the relation's SQL is defined. */
export function registerTaskPageRelation<T>(relation: TaskPageRelation<T>): RegisteredTaskPageRelation<T> {
  const registered: RegisteredTaskPageRelation<T> = {
    ...relation,
    column: `${relation.field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_json`,
    prefetched: (task) => {
      const related = task.prefetched?.related;
      return related && relation.field in related ? (related[relation.field] as T) : undefined;
    },
  };
  relations.set(relation.field, registered as RegisteredTaskPageRelation<unknown>);
  return registered;
}

/** Every registered relation, by field name (a stable order, so a page's SQL text does not depend on load order). */
export function taskPageRelations(): RegisteredTaskPageRelation<unknown>[] {
  return [...relations.values()].sort((a, b) => a.field.localeCompare(b.field));
}
