import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { CreatePlanInput } from './dto/create-plan.input';
import { PlanType } from './plan.type';
import { PlansAdminService } from './plans-admin.service';

@Resolver()
@Roles(Role.ADMIN)
export class PlansAdminResolver {
  constructor(private readonly plans: PlansAdminService) {}

  @Mutation(() => PlanType, { description: 'Add a plan (ADMIN).' })
  createPlan(@Args('input', { description: 'The new plan.' }) input: CreatePlanInput) {
    return this.plans.create(input);
  }
}
