import { Field, ObjectType } from '@nestjs/graphql';
import { TaskUpdateType } from '../task-updates/task-update.type';
import { TaskType } from '../tasks/task.type';

@ObjectType('TaskChange', { description: 'A change to a task, as a taskChanged subscription delivers it: an update, an admin edit or an imported row.' })
export class TaskChangeType {
  @Field(() => TaskType, {
    description: 'The task as it stands when the change is delivered (read after the change committed; a later change may already show).',
  })
  task: TaskType;

  @Field(() => TaskUpdateType, {
    nullable: true,
    description:
      'The history entry this change wrote (its version is the one the change made); null when the change created the task, which starts with no history.',
  })
  update: TaskUpdateType | null;
}
