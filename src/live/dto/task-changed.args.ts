import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

@ArgsType()
export class TaskChangedArgs {
  @Field({ description: 'The plan\'s code, e.g. "yrd-2024-2026"; matched whatever its case.' })
  @IsString()
  @MaxLength(64)
  planCode: string;

  @Field({
    nullable: true,
    description: 'Only changes to tasks of this area of the plan (a task moved out of it is delivered once more, with its new area); all areas when left out.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  areaCode?: string;
}

@ArgsType()
export class ProgressChangedArgs {
  @Field({ description: 'The plan\'s code, e.g. "yrd-2024-2026"; matched whatever its case.' })
  @IsString()
  @MaxLength(64)
  planCode: string;
}
