import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { Principal } from '../common/graphql-context';
import { RecordIndicatorReadingInput } from './dto/record-indicator-reading.input';
import { IndicatorReadingType } from './indicator.type';
import { IndicatorReadingsService } from './indicator-readings.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';

@Resolver()
@Roles(Role.ADMIN, Role.EDITOR)
export class IndicatorReadingsAdminResolver {
  constructor(private readonly readings: IndicatorReadingsService) {}

  @Mutation(() => IndicatorReadingType, {
    description: 'Add an actual reading of an indicator (ADMIN, or an EDITOR of a lead region of its task). Readings are never edited.',
  })
  recordIndicatorReading(
    @Args('input', { description: 'The indicator, the figure, its date and its source.' }) input: RecordIndicatorReadingInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.readings.record(input, principal);
  }
}
