import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsRecordId } from '../../common/id-field';
import { IsCode, IsText, TEXT_MAX, TITLE_MAX, UnlessAbsent } from '../../common/validators';

@InputType({ description: 'Changes to an area: give only the fields to change; null clears a nullable field.' })
export class UpdateAreaInput {
  @Field(() => ID)
  @IsRecordId('Area')
  id: string;

  @Field({ nullable: true, description: 'If given, must be the area\'s own plan: areas do not move between plans.' })
  @UnlessAbsent() @IsCode()
  planCode?: string;

  @Field({ nullable: true })
  @UnlessAbsent() @IsCode()
  code?: string;

  @Field(() => Int, { nullable: true })
  @UnlessAbsent() @IsInt() @Min(1) @Max(1000)
  ordinal?: number;

  @Field({ nullable: true })
  @UnlessAbsent() @IsText(TITLE_MAX)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsText(TITLE_MAX)
  nameEn?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional() @IsInt() @Min(0) @Max(100000)
  declaredTaskCount?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsText(TEXT_MAX)
  note?: string | null;
}
