import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, ValidationArguments } from 'class-validator';

/** A GraphQL ID of an integer-keyed record (parseId does the range check). */
export const IsRecordId = () =>
  applyDecorators(IsString(), Matches(/^[1-9]\d{0,9}$/, { message: ({ property }: ValidationArguments) => `${property} must be a record id` }));
