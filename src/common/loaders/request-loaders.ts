import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';

/**
 * One feature's DataLoaders for a request: a class whose constructor takes the request's data source (each
 * feature keeps its own in its folder, e.g. plans/plan.loaders.ts). Reached through `ctx.loaders.of(PlanLoaders)`.
 */
export type LoaderSet<T> = new (ds: DataSource) => T;

/** The DataLoaders of one request: each relation costs one statement per batch, not one per row. */
export class RequestLoaders {
  constructor(private readonly ds: DataSource) {}

  private readonly sets = new Map<LoaderSet<unknown>, unknown>();
  private readonly shaped = new Map<string, DataLoader<number, unknown>>();
  private readonly pageShapes = new WeakMap<object, string>();

  /** A feature's loaders for this request, made on first use: common/ knows no feature, each brings its own. */
  of<T>(set: LoaderSet<T>): T {
    let loaders = this.sets.get(set) as T | undefined;
    if (!loaders) this.sets.set(set, (loaders = new set(this.ds)));
    return loaders;
  }

  /**
   * The loader for one shape of a nested field with arguments (`Area.tasks(first: 1)`, `Task.history(first: 3)`),
   * made on first use: every parent asked for with the same arguments in this request joins one batch, so the field
   * costs one statement per level of the query, however many parents there are. `shape` names the field and its
   * arguments; a document holds few shapes (aliases are limited), so a request makes few loaders.
   */
  byShape<V>(shape: string, batch: (parentIds: readonly number[]) => Promise<V[]>): DataLoader<number, V> {
    let loader = this.shaped.get(shape) as DataLoader<number, V> | undefined;
    if (!loader) {
      loader = new DataLoader<number, V>(batch);
      this.shaped.set(shape, loader as DataLoader<number, unknown>);
    }
    return loader;
  }

  /**
   * byShape for a nested connection's page request (`field` and the page asked for, as one object): its shape is the
   * page's JSON, made once per page object (the resolvers hand every parent of a request the same object, see
   * common/per-field-node.ts), so 468 areas cost one JSON.stringify, not 468.
   */
  byPage<V>(field: string, page: object, batch: (parentIds: readonly number[]) => Promise<V[]>): DataLoader<number, V> {
    let shape = this.pageShapes.get(page);
    if (shape === undefined) this.pageShapes.set(page, (shape = JSON.stringify([field, page])));
    return this.byShape(shape, batch);
  }
}
