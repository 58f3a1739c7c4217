import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsString, MaxLength, MinLength } from 'class-validator';
import { ImportFormat } from '../import-format';

@InputType({ description: 'A file of tasks to upsert into a plan by task code, all or nothing.' })
export class ImportTasksInput {
  @Field({ description: "The plan's code; matched whatever its case." })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  planCode: string;

  @Field(() => ImportFormat, { description: 'How content is encoded.' })
  @IsEnum(ImportFormat)
  format: ImportFormat;

  @Field({ description: 'The whole file as text, at most 1 MiB (POST /import/tasks takes files up to 50 MiB).' })
  @IsString()
  content: string;

  @Field({ defaultValue: false, description: 'Check and count without writing anything.' })
  @IsBoolean()
  dryRun: boolean;
}
