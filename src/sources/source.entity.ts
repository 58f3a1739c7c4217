import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Where a record's facts come from: every plan, area, task, evaluation and reading points at one. */
@Entity({ name: 'source' })
export class SourceEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Stable key used by seed data sets and imports. */
  @Column({ type: 'varchar', length: 120, unique: true, nullable: true })
  key: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  publisher: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
