import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { RegionCode, TaskStatus } from '../../common/domain-enums';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';

export enum TaskOrder {
  CODE_ASC = 'CODE_ASC',
  CODE_DESC = 'CODE_DESC',
  DUE_DATE_ASC = 'DUE_DATE_ASC',
  DUE_DATE_DESC = 'DUE_DATE_DESC',
  PROGRESS_ASC = 'PROGRESS_ASC',
  PROGRESS_DESC = 'PROGRESS_DESC',
  UPDATED_AT_ASC = 'UPDATED_AT_ASC',
  UPDATED_AT_DESC = 'UPDATED_AT_DESC',
}
registerEnumType(TaskOrder, {
  name: 'TaskOrder',
  description: 'Sort order; ties break on id. Tasks with no due date or no progress sort last in either direction.',
  valuesMap: {
    CODE_ASC: { description: 'By task code, A to Z.' },
    CODE_DESC: { description: 'By task code, Z to A.' },
    DUE_DATE_ASC: { description: 'Earliest due date first.' },
    DUE_DATE_DESC: { description: 'Latest due date first.' },
    PROGRESS_ASC: { description: 'Least progress (0–100) first.' },
    PROGRESS_DESC: { description: 'Most progress first.' },
    UPDATED_AT_ASC: { description: 'Least recently changed task row first.' },
    UPDATED_AT_DESC: { description: 'Most recently changed task row first.' },
  },
});

@InputType({ description: 'Conditions a task must all meet; a condition left out does not filter.' })
export class TaskFilter {
  @Field({ nullable: true, description: 'Area code within the plan (e.g. "A6").' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  areaCode?: string;

  @Field(() => [TaskStatus], { nullable: true, description: 'Tasks with any of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(6)
  @IsEnum(TaskStatus, { each: true })
  status?: TaskStatus[];

  @Field(() => [RegionCode], { nullable: true, description: 'Tasks led by any of these regions.' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(RegionCode, { each: true })
  leadRegion?: RegionCode[];

  @Field(() => LocalDateScalar, { nullable: true, description: 'Due strictly before this date.' })
  @IsOptional()
  dueBefore?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Due strictly after this date.' })
  @IsOptional()
  dueAfter?: string;

  @Field({ nullable: true, description: "true: due before today (the date in the task's plan's time zone) and not COMPLETED; false: the others." })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field({
    nullable: true,
    description:
      'Text in the Chinese or English title, whatever its case, traditional or simplified characters and full-width forms: 長三角 finds 长三角 and back, ＹＲＤ２０２５ finds YRD2025.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @Field({ nullable: true, defaultValue: false, description: 'Include sub-tasks as well as top-level tasks.' })
  @IsOptional()
  @IsBoolean()
  includeSubtasks?: boolean;

  @Field({ nullable: true, defaultValue: false, description: 'Include archived tasks.' })
  @IsOptional()
  @IsBoolean()
  includeArchived?: boolean;

  @Field(() => Date, {
    nullable: true,
    description:
      'Incremental pulls: only tasks changed after this instant (an update, an edit, archiving or an import row each stamps updatedAt). ' +
      'Pass the greatest updatedAt of the previous pull less a minute (a change is stamped when its transaction starts and an import commits ' +
      'later), page with orderBy UPDATED_AT_ASC, and set includeArchived to see archivings.',
  })
  @IsOptional()
  @IsDate()
  changedSince?: Date;
}
