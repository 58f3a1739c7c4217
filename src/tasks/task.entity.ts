import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { AreaEntity } from '../areas/area.entity';
import { AreaBasis, TaskStatus } from '../common/domain-enums';
import { PlanEntity } from '../plans/plan.entity';
import { RegionEntity } from '../regions/region.entity';
import { SourceEntity } from '../sources/source.entity';

/** Relations a task page read in its own statement; field resolvers answer from them without a loader or a promise. */
export interface TaskPrefetch {
  area: AreaEntity | null;
  leadRegions: RegionEntity[];
  /** Other features' relations the page carried, by Task field (see task-page-relations.ts). */
  related?: Readonly<Record<string, unknown>>;
}

/** A key task of a plan; sub-tasks point at their parent. */
@Entity({ name: 'task' })
// Codes are unique within a plan whatever their case: a unique index on (plan_id, lower(code)) (CaseInsensitiveCodes
// migration); the plain index serves pages ordered by code.
@Index('task_plan_code_lower_key', { synchronize: false })
@Index('task_plan_code_idx', ['planId', 'code'])
@Index('task_plan_area_status_idx', ['planId', 'areaId', 'status'])
// Created by the SearchAndProgressIndexes migration (INCLUDE, partial) and the SearchFolding one (trigram GIN on
// search_text): TypeORM cannot describe them.
@Index('task_key_area_status_idx', { synchronize: false })
@Index('task_search_text_trgm_idx', { synchronize: false })
// Created by the NoCliffIndexes migration (partial, INCLUDE).
@Index('task_key_code_idx', { synchronize: false })
@Index('task_key_area_code_idx', { synchronize: false })
@Index('task_key_plan_status_idx', { synchronize: false })
// Created by the ProgressOverTime migration: (plan_id, updated_at, id) for changedSince pulls.
@Index('task_plan_updated_at_idx', { synchronize: false })
@Check('task_progress_check', '"progress" IS NULL OR ("progress" >= 0 AND "progress" <= 100)')
@Check('task_completed_progress_check', `"status" <> 'COMPLETED' OR "progress" = 100`)
@Check('task_version_check', '"version" >= 1')
export class TaskEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'plan_id', type: 'integer' })
  planId: number;

  @ManyToOne(() => PlanEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: PlanEntity;

  /** Null when no source ties the task to an area. */
  @Index('task_area_id_idx')
  @Column({ name: 'area_id', type: 'integer', nullable: true })
  areaId: number | null;

  @ManyToOne(() => AreaEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'area_id' })
  area?: AreaEntity | null;

  @Column({ name: 'area_basis', type: 'enum', enum: AreaBasis, enumName: 'area_basis', nullable: true })
  areaBasis: AreaBasis | null;

  @Index('task_parent_id_idx')
  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => TaskEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: TaskEntity | null;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Title and English title folded for search (taskSearchText), written with them; never read back into a task. */
  @Column({ name: 'search_text', type: 'text', select: false })
  searchText?: string;

  @Column({ type: 'enum', enum: TaskStatus, enumName: 'task_status', default: TaskStatus.NOT_REPORTED })
  status: TaskStatus;

  /** 0–100; null while nobody has reported progress. */
  @Column({ type: 'smallint', nullable: true })
  progress: number | null;

  @ManyToMany(() => RegionEntity)
  @JoinTable({
    name: 'task_lead_region',
    joinColumn: { name: 'task_id', referencedColumnName: 'id', foreignKeyConstraintName: 'task_lead_region_task_fk' },
    inverseJoinColumn: { name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'task_lead_region_region_fk' },
  })
  leadRegions?: RegionEntity[];

  @Column({ name: 'lead_agencies', type: 'text', array: true, default: () => "'{}'" })
  leadAgencies: string[];

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Index('task_due_date_idx')
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  /** Bumped by every change; writers must name the version they read. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ name: 'source_id', type: 'integer', nullable: true })
  sourceId: number | null;

  @ManyToOne(() => SourceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: SourceEntity | null;

  /** The shortest verbatim sentence of the source that makes the claim, in the source's language. */
  @Column({ name: 'source_quote', type: 'text', nullable: true })
  sourceQuote: string | null;

  /** How the task and its area are known ("area from briefing order", …). */
  @Column({ name: 'source_note', type: 'text', nullable: true })
  sourceNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Not a column: set by a task page (see TaskPrefetch). */
  prefetched?: TaskPrefetch;
}
