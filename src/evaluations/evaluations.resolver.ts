import { ResolveField, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { BoundedFigure } from '../common/bounded-figure.type';
import { GraphQLContext } from '../common/graphql-context';
import { SourceType } from '../sources/source.type';
import { EvaluationEntity } from './evaluation.entity';
import { EvaluationType } from './evaluation.type';
import { SourceLoaders } from '../sources/source.loaders';

@Resolver(() => EvaluationType)
@Roles(...READ_ROLES)
export class EvaluationsResolver {
  @ResolveField(() => BoundedFigure, { nullable: true, description: 'Reported completion as a rate 0–1 with its qualifier.' })
  completion(e: EvaluationEntity) {
    return e.completionValue === null || e.completionQualifier === null ? null : { value: e.completionValue, qualifier: e.completionQualifier };
  }

  @ResolveField(() => SourceType, { nullable: true, description: 'Where the evaluation was published; null when not recorded.' })
  source(e: EvaluationType, _args: unknown, ctx: GraphQLContext) {
    return e.sourceId === null ? null : ctx.loaders.of(SourceLoaders).source.load(e.sourceId);
  }
}
