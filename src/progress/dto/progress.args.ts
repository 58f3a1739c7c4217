import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, ValidationArguments } from 'class-validator';
import { isValidLocalDate } from '../../common/local-date';
import { IsCode } from '../../common/validators';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { TrendInterval } from '../over-time.rules';
import { CoverageGroupBy } from '../progress-over-time.types';

const PLAN_CODE = 'The plan\'s code, e.g. "yrd-2024-2026"; matched whatever its case.';

/** A calendar date YYYY-MM-DD (the LocalDate scalar checks it first; this holds the rule for callers that skip GraphQL). */
const IsLocalDate = () =>
  ValidateBy({
    name: 'isLocalDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidLocalDate(value),
      defaultMessage: ({ property }: ValidationArguments) => `${property} must be a calendar date written YYYY-MM-DD`,
    },
  });

/** Most days updateCoverage's window may span (ten years). */
export const MAX_STALE_AFTER_DAYS = 3660;

@ArgsType()
export class PlanProgressArgs {
  @Field({ description: PLAN_CODE })
  @IsString()
  @MaxLength(64)
  planCode: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      "A past day (the plan's time zone): the counts as the plan stood at its end, from the tasks' history. " +
      'Not after today, and not before the day the plan was created in this tracker (BAD_USER_INPUT). Left out: now.',
  })
  @IsOptional()
  @IsLocalDate()
  asOf?: string | null;
}

@ArgsType()
export class ProgressTrendArgs {
  @Field({ description: PLAN_CODE })
  @IsString()
  @MaxLength(64)
  planCode: string;

  @Field(() => LocalDateScalar, { description: 'The first day of the range; not before the day the plan was created in this tracker.' })
  @IsLocalDate()
  from: string;

  @Field(() => LocalDateScalar, { description: "The last day of the range (not after today, the plan's clock); the last point is at this day." })
  @IsLocalDate()
  to: string;

  @Field(() => TrendInterval, { nullable: true, defaultValue: TrendInterval.MONTH, description: 'One point per MONTH or QUARTER (at most 120 points).' })
  @IsOptional()
  @IsEnum(TrendInterval)
  interval?: TrendInterval;

  @Field(() => String, { nullable: true, description: 'Only the tasks of this area of the plan (its code, e.g. "A6"); left out: every task of the plan.' })
  @IsOptional()
  @IsCode()
  areaCode?: string | null;
}

@ArgsType()
export class UpdateCoverageArgs {
  @Field({ description: PLAN_CODE })
  @IsString()
  @MaxLength(64)
  planCode: string;

  @Field(() => CoverageGroupBy, { nullable: true, defaultValue: CoverageGroupBy.AREA, description: 'One row per AREA or per lead REGION.' })
  @IsOptional()
  @IsEnum(CoverageGroupBy)
  groupBy?: CoverageGroupBy;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 30,
    description: `A task is stale when its latest update is older than this many days (1–${MAX_STALE_AFTER_DAYS}): the window is the last staleAfterDays days, today included.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_STALE_AFTER_DAYS)
  staleAfterDays?: number;
}
