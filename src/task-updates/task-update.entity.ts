import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TaskStatus } from '../common/domain-enums';
import { TaskEntity } from '../tasks/task.entity';

/** One row of a task's history; exactly one per version bump. A trigger makes the table append-only. */
@Entity({ name: 'task_update' })
@Unique('task_update_task_version_key', ['taskId', 'version'])
@Index('task_update_recorded_at_idx', ['recordedAt'])
export class TaskUpdateEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'task_id', type: 'integer' })
  taskId: number;

  @ManyToOne(() => TaskEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  /** The task's version after this change. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'actor_key_id', type: 'uuid', nullable: true })
  actorKeyId: string | null;

  @Column({ name: 'actor_name', type: 'text' })
  actorName: string;

  /** API, IMPORT, ADMIN (task edits) or SEED (a status a seed source states). */
  @Column({ type: 'varchar', length: 16, default: 'API' })
  origin: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;

  @Column({ name: 'occurred_on', type: 'date', nullable: true })
  occurredOn: string | null;

  @Column({ name: 'status_from', type: 'enum', enum: TaskStatus, enumName: 'task_status', nullable: true })
  statusFrom: TaskStatus | null;

  @Column({ name: 'status_to', type: 'enum', enum: TaskStatus, enumName: 'task_status', nullable: true })
  statusTo: TaskStatus | null;

  @Column({ name: 'progress_from', type: 'smallint', nullable: true })
  progressFrom: number | null;

  @Column({ name: 'progress_to', type: 'smallint', nullable: true })
  progressTo: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'evidence_url', type: 'text', nullable: true })
  evidenceUrl: string | null;

  /** Other fields changed by an admin edit or an import, as { field: [from, to] }. */
  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, [unknown, unknown]> | null;
}
