import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { badInput } from '../errors/domain.exception';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

@ArgsType()
export class PaginationArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size from the start (after \`after\`), 0–${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given.`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE, { message: `first must not be greater than ${MAX_PAGE_SIZE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size from the end (before \`before\`), 0–${MAX_PAGE_SIZE}; not with first.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE, { message: `last must not be greater than ${MAX_PAGE_SIZE}` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'startCursor of the next page, to page backward.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  before?: string | null;
}

/** Which way a page goes, how many rows, and from which cursor (null: from the start, or from the end). */
export interface PageRequest {
  backward: boolean;
  size: number;
  cursor: string | null;
}

/**
 * Relay's arguments as one page request: first/after forward, last/before backward. Mixing the two directions
 * (first with last, after with before, first with before, last with after) is BAD_USER_INPUT.
 */
export function pageRequest(args: PaginationArgs): PageRequest {
  const has = (v: unknown) => v !== undefined && v !== null;
  if (has(args.first) && has(args.last)) throw badInput('last', 'cannot be given with first: page one way at a time');
  if (has(args.after) && has(args.before)) throw badInput('before', 'cannot be given with after: page one way at a time');
  if (has(args.last) || has(args.before)) {
    if (has(args.first) || has(args.after)) throw badInput('before', 'pages backward (with last); first and after page forward');
    return { backward: true, size: args.last ?? DEFAULT_PAGE_SIZE, cursor: args.before ?? null };
  }
  return { backward: false, size: args.first ?? DEFAULT_PAGE_SIZE, cursor: args.after ?? null };
}
