import { ResolveField, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { PlanType } from '../plans/plan.type';
import { EvaluationLoaders } from './evaluation.loaders';
import { EvaluationType } from './evaluation.type';

/** Plan.evaluations, beside the evaluations it lists. */
@Resolver(() => PlanType)
@Roles(...READ_ROLES)
export class PlanEvaluationsResolver {
  @ResolveField(() => [EvaluationType], { description: 'Published assessments of this round, oldest first (by evaluatedOn).' })
  evaluations(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(EvaluationLoaders).evaluationsByPlan.load(plan.id);
  }
}
