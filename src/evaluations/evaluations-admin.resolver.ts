import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { RecordEvaluationInput } from './dto/record-evaluation.input';
import { EvaluationType } from './evaluation.type';
import { EvaluationsService } from './evaluations.service';

@Resolver()
@Roles(Role.ADMIN)
export class EvaluationsAdminResolver {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Mutation(() => EvaluationType, { description: 'Record a published assessment of a plan round (ADMIN).' })
  recordEvaluation(@Args('input', { description: 'The plan and what the assessment reported.' }) input: RecordEvaluationInput) {
    return this.evaluations.record(input);
  }
}
