import { Args, Context, Int, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { AreaType } from '../areas/area.type';
import { GraphQLContext } from '../common/graphql-context';
import { EvaluationType } from '../evaluations/evaluation.type';
import { IndicatorType } from '../indicators/indicator.type';
import { SourceType } from '../sources/source.type';
import { PlanType } from './plan.type';
import { PlansService } from './plans.service';
import { CATALOGUED_TASK_NOTE } from '../tasks/catalogued-task';
import { AreaLoaders } from '../areas/area.loaders';
import { EvaluationLoaders } from '../evaluations/evaluation.loaders';
import { IndicatorLoaders } from '../indicators/indicator.loaders';
import { SourceLoaders } from '../sources/source.loaders';
import { TaskLoaders } from '../tasks/task.loaders';

@Resolver(() => PlanType)
@Roles(...READ_ROLES)
export class PlansResolver {
  constructor(private readonly planService: PlansService) {}

  @Query(() => [PlanType], { description: 'Every plan, by round.' })
  plans(@Context() ctx: GraphQLContext) {
    return this.planService.list(ctx.loaders);
  }

  @Query(() => PlanType, { nullable: true, description: 'The plan with this code (any case); null when there is none.' })
  plan(@Args('code', { description: 'The plan\'s code, e.g. "yrd-2024-2026"; matched whatever its case.' }) code: string) {
    return this.planService.byCode(code);
  }

  @ResolveField(() => Int, { description: `Top-level tasks catalogued in this tracker (not archived, not sub-tasks); may be fewer than declared. ${CATALOGUED_TASK_NOTE}` })
  catalogedTaskCount(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(TaskLoaders).planTaskCount.load(plan.id);
  }

  @ResolveField(() => [AreaType], { description: 'The plan\'s areas in order.' })
  areas(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(AreaLoaders).areasByPlan.load(plan.id);
  }

  @ResolveField(() => [EvaluationType], { description: 'Published assessments of this round, oldest first (by evaluatedOn).' })
  evaluations(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(EvaluationLoaders).evaluationsByPlan.load(plan.id);
  }

  @ResolveField(() => [IndicatorType], { description: 'Indicators tied to the plan itself, by code (indicators of its tasks are on Task.indicators).' })
  indicators(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(IndicatorLoaders).indicatorsByPlan.load(plan.id);
  }

  @ResolveField(() => SourceType, { nullable: true, description: 'Where the plan\'s text or its announcement was published; null when not recorded.' })
  source(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return plan.sourceId === null ? null : ctx.loaders.of(SourceLoaders).source.load(plan.sourceId);
  }
}
