import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DatePrecision, FigureQualifier } from '../common/domain-enums';
import { numericTransformer } from '../common/sql/numeric.transformer';
import { PlanEntity } from '../plans/plan.entity';
import { SourceEntity } from '../sources/source.entity';

/** A round's assessment (全面体检): the reported completion is a bounded figure, never a computed rate. */
@Entity({ name: 'evaluation' })
@Check('evaluation_completion_check', '("completion_value" IS NULL) = ("completion_qualifier" IS NULL)')
@Check('evaluation_completion_range_check', '"completion_value" IS NULL OR ("completion_value" >= 0 AND "completion_value" <= 1)')
export class EvaluationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('evaluation_plan_id_idx')
  @Column({ name: 'plan_id', type: 'integer' })
  planId: number;

  @ManyToOne(() => PlanEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: PlanEntity;

  @Column({ name: 'evaluated_on', type: 'date' })
  evaluatedOn: string;

  @Column({ name: 'evaluated_on_precision', type: 'enum', enum: DatePrecision, enumName: 'date_precision', default: DatePrecision.DAY })
  evaluatedOnPrecision: DatePrecision;

  @Column({ name: 'task_count', type: 'integer', nullable: true })
  taskCount: number | null;

  /** A rate 0–1 ("over 90%" is 0.9 with qualifier OVER). */
  @Column({ name: 'completion_value', type: 'numeric', precision: 7, scale: 6, nullable: true, transformer: numericTransformer })
  completionValue: number | null;

  @Column({ name: 'completion_qualifier', type: 'enum', enum: FigureQualifier, enumName: 'figure_qualifier', nullable: true })
  completionQualifier: FigureQualifier | null;

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
}
