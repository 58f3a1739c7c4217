import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { AreaType } from './area.type';
import { AreasAdminService } from './areas-admin.service';
import { CreateAreaInput } from './dto/create-area.input';
import { UpdateAreaInput } from './dto/update-area.input';

@Resolver()
@Roles(Role.ADMIN)
export class AreasAdminResolver {
  constructor(private readonly areas: AreasAdminService) {}

  @Mutation(() => AreaType, { description: 'Add an area to a plan (ADMIN).' })
  createArea(@Args('input', { description: 'The plan and the new area.' }) input: CreateAreaInput) {
    return this.areas.create(input);
  }

  @Mutation(() => AreaType, { description: 'Change an area (ADMIN). Only the given fields change.' })
  updateArea(@Args('input', { description: "The area's id and the fields to change." }) input: UpdateAreaInput) {
    return this.areas.update(input);
  }
}
