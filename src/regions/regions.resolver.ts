import { Query, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RegionEntity } from './region.entity';
import { RegionType } from './region.type';

@Resolver(() => RegionType)
@Roles(...READ_ROLES)
export class RegionsResolver {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Query(() => [RegionType], { description: 'The member regions, in order (沪苏浙皖).' })
  regions() {
    return this.ds.getRepository(RegionEntity).find({ order: { ordinal: 'ASC' } });
  }
}
