import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { Principal } from '../common/graphql-context';
import { ArchiveTaskInput } from './dto/archive-task.input';
import { CreateTaskInput } from './dto/create-task.input';
import { UpdateTaskInput } from './dto/update-task.input';
import { TaskType } from '../tasks/task.type';
import { TasksAdminService } from './tasks-admin.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';

@Resolver()
@Roles(Role.ADMIN)
export class TasksAdminResolver {
  constructor(private readonly tasks: TasksAdminService) {}

  @Mutation(() => TaskType, { description: 'Add a task, or with parentTaskId a sub-task, to a plan (ADMIN). It starts at version 1 with an empty history.' })
  createTask(@Args('input', { description: "The plan, the new task's code and title, and any other fields." }) input: CreateTaskInput) {
    return this.tasks.create(input);
  }

  @Mutation(() => TaskType, { description: 'Edit a task (ADMIN): one version bump and one history row (origin ADMIN), or no change when nothing differs.' })
  updateTask(
    @Args('input', { description: "The task's id, the version read, and the fields to change." }) input: UpdateTaskInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.tasks.update(input, principal);
  }

  @Mutation(() => TaskType, { description: 'Archive a task (ADMIN). Soft: the task and its history stay; it bumps the version and writes a history row.' })
  archiveTask(@Args('input', { description: "The task's id and the version read." }) input: ArchiveTaskInput, @CurrentPrincipal() principal: Principal) {
    return this.tasks.archive(input, principal);
  }
}
