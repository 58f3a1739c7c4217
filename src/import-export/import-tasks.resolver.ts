import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { Principal } from '../common/graphql-context';
import { ImportTasksResult } from './dto/import-tasks-result.type';
import { ImportTasksInput } from './dto/import-tasks.input';
import { GRAPHQL_IMPORT_MAX_BYTES } from './import-limits';
import { TaskImportService } from './task-import.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';

@Resolver()
@Roles(Role.ADMIN)
export class ImportTasksResolver {
  constructor(private readonly imports: TaskImportService) {}

  @Mutation(() => ImportTasksResult, {
    description: "Upsert a plan's tasks from a CSV or JSON file by task code (ADMIN). All or nothing: every bad row is reported and then nothing is written.",
  })
  importTasks(
    @Args('input', { description: "The plan, the file's format and content, and whether to write." }) input: ImportTasksInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportTasksResult> {
    return this.imports.run(input, principal, { maxBytes: GRAPHQL_IMPORT_MAX_BYTES });
  }
}
