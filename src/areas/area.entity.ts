import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { PlanEntity } from '../plans/plan.entity';
import { SourceEntity } from '../sources/source.entity';

/** A plan's area (方面), in the plan's own order. */
@Entity({ name: 'area' })
// Codes are unique within a plan whatever their case: a unique index on (plan_id, lower(code)) (CaseInsensitiveCodes migration).
@Index('area_plan_code_lower_key', { synchronize: false })
@Unique('area_plan_ordinal_key', ['planId', 'ordinal'])
@Check('area_declared_task_count_check', '"declared_task_count" IS NULL OR "declared_task_count" >= 0')
export class AreaEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('area_plan_id_idx')
  @Column({ name: 'plan_id', type: 'integer' })
  planId: number;

  @ManyToOne(() => PlanEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: PlanEntity;

  @Column({ type: 'integer' })
  ordinal: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn: string | null;

  /** Null when the plan does not publish this area's count (areas 5–9 of round 3). */
  @Column({ name: 'declared_task_count', type: 'integer', nullable: true })
  declaredTaskCount: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'source_id', type: 'integer', nullable: true })
  sourceId: number | null;

  @ManyToOne(() => SourceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: SourceEntity | null;

  /** The shortest verbatim sentence of the source that makes the claim, in the source's language. */
  @Column({ name: 'source_quote', type: 'text', nullable: true })
  sourceQuote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
