import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DatePrecision, FigureQualifier, ReadingKind } from '../common/domain-enums';
import { numericTransformer } from '../common/sql/numeric.transformer';
import { SourceEntity } from '../sources/source.entity';
import { IndicatorEntity } from './indicator.entity';

/** One dated value of an indicator (an actual reading, a target or a baseline). Append-only. */
@Entity({ name: 'indicator_reading' })
@Index('indicator_reading_indicator_as_of_idx', ['indicatorId', 'kind', 'asOf'])
export class IndicatorReadingEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'indicator_id', type: 'integer' })
  indicatorId: number;

  @ManyToOne(() => IndicatorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'indicator_id' })
  indicator?: IndicatorEntity;

  @Column({ type: 'enum', enum: ReadingKind, enumName: 'reading_kind', default: ReadingKind.ACTUAL })
  kind: ReadingKind;

  @Column({ type: 'numeric', precision: 20, scale: 4, transformer: numericTransformer })
  value: number;

  @Column({ type: 'enum', enum: FigureQualifier, enumName: 'figure_qualifier', default: FigureQualifier.EXACT })
  qualifier: FigureQualifier;

  @Column({ name: 'as_of', type: 'date' })
  asOf: string;

  @Column({ name: 'as_of_precision', type: 'enum', enum: DatePrecision, enumName: 'date_precision', default: DatePrecision.DAY })
  asOfPrecision: DatePrecision;

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

  /** The API key that recorded it; null for seed data. */
  @Column({ name: 'recorded_by_key_id', type: 'uuid', nullable: true })
  recordedByKeyId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
