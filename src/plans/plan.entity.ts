import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { SourceEntity } from '../sources/source.entity';

/** One round of an action plan, e.g. the YRD three-year plan 2024–2026. */
@Entity({ name: 'plan' })
// Codes are unique whatever their case: a unique index on lower(code), made by the CaseInsensitiveCodes migration.
@Index('plan_code_lower_key', { synchronize: false })
@Check('plan_period_check', '"period_end" >= "period_start"')
@Check('plan_declared_task_count_check', '"declared_task_count" IS NULL OR "declared_task_count" >= 0')
export class PlanEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', nullable: true })
  issuer: string | null;

  @Column({ name: 'period_start', type: 'integer' })
  periodStart: number;

  @Column({ name: 'period_end', type: 'integer' })
  periodEnd: number;

  /** The count the plan itself announces; null when not published. */
  @Column({ name: 'declared_task_count', type: 'integer', nullable: true })
  declaredTaskCount: number | null;

  @Column({ name: 'issued_on', type: 'date', nullable: true })
  issuedOn: string | null;

  @Column({ name: 'issued_note', type: 'text', nullable: true })
  issuedNote: string | null;

  /** IANA time zone: "today" for this plan's rules (occurredOn not in the future, overdue) is the date on this clock. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'UTC' })
  timeZone: string;

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
