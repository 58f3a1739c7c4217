import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { RegionCode, Role } from '../../common/domain-enums';

@InputType({ description: 'A new API key.' })
export class CreateApiKeyInput {
  @Field({ description: 'Who or what uses the key, e.g. "jiangsu-office".' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^\u0000-\u001f]+$/, { message: 'name must not contain control characters' })
  name: string;

  @Field(() => Role, { description: 'What the key may do.' })
  @IsEnum(Role)
  role: Role;

  @Field(() => [RegionCode], { nullable: true, description: 'Regions an EDITOR may write for (required for EDITOR, refused for others).' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(RegionCode, { each: true })
  regions?: RegionCode[];
}
