import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One problem with an import file.' })
export class ImportRowError {
  @Field(() => Int, {
    nullable: true,
    description: 'The row as in the file (CSV: the header is row 1; JSON: position in the tasks array, from 1); null for the whole file.',
  })
  row: number | null;

  @Field(() => String, { nullable: true, description: 'The column (field) at fault, when there is one.' })
  column: string | null;

  @Field({ description: 'What is wrong, in English.' })
  message: string;
}

@ObjectType({ description: 'What an import did, or on a dry run would do. With any error nothing is written and the counts are 0.' })
export class ImportTasksResult {
  @Field(() => Int, { description: 'Tasks the file adds (new codes).' })
  created: number;

  @Field(() => Int, { description: 'Existing tasks the file changes; each gets one history row (origin IMPORT).' })
  updated: number;

  @Field(() => Int, { description: 'Rows whose task already holds exactly these values.' })
  unchanged: number;

  @Field(() => [ImportRowError], { description: 'Every problem found; empty when the file is good.' })
  errors: ImportRowError[];
}
