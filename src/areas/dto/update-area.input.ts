import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsRecordId } from '../../common/id-field';
import { IsCode, IsText, TEXT_MAX, TITLE_MAX, UnlessAbsent } from '../../common/validators';

@InputType({ description: 'Changes to an area: give only the fields to change; null clears a nullable field.' })
export class UpdateAreaInput {
  @Field(() => ID, { description: "The area's id." })
  @IsRecordId('Area')
  id: string;

  @Field({ nullable: true, description: "If given, must be the area's own plan: areas do not move between plans." })
  @UnlessAbsent()
  @IsCode()
  planCode?: string;

  @Field({ nullable: true, description: 'A new code, unique within the plan whatever its case; cannot be null.' })
  @UnlessAbsent()
  @IsCode()
  code?: string;

  @Field(() => Int, { nullable: true, description: 'A new position in the plan, 1–1000, unique within the plan; cannot be null.' })
  @UnlessAbsent()
  @IsInt()
  @Min(1)
  @Max(1000)
  ordinal?: number;

  @Field({ nullable: true, description: 'A new name, 1–500 characters; cannot be null.' })
  @UnlessAbsent()
  @IsText(TITLE_MAX)
  name?: string;

  @Field(() => String, { nullable: true, description: 'A new English name, 1–500 characters; null clears it.' })
  @IsOptional()
  @IsText(TITLE_MAX)
  nameEn?: string | null;

  @Field(() => Int, { nullable: true, description: 'The number of key tasks the plan publishes for the area, 0–100000; null clears it.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  declaredTaskCount?: number | null;

  @Field(() => String, { nullable: true, description: 'A new note, at most 4,000 characters; null clears it.' })
  @IsOptional()
  @IsText(TEXT_MAX)
  note?: string | null;
}
