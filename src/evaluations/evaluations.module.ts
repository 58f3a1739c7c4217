import { Module } from '@nestjs/common';
import { EvaluationsAdminResolver } from './evaluations-admin.resolver';
import { EvaluationsResolver } from './evaluations.resolver';
import { EvaluationsService } from './evaluations.service';
import { PlanEvaluationsResolver } from './plan-evaluations.resolver';

/** Published assessments of a round (Plan.evaluations), recorded by ADMINs. */
@Module({
  providers: [EvaluationsResolver, PlanEvaluationsResolver, EvaluationsService, EvaluationsAdminResolver],
})
export class EvaluationsModule {}
