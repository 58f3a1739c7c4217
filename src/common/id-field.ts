import { applyDecorators } from '@nestjs/common';
import { IsString, ValidateBy, ValidationArguments } from 'class-validator';
import { fromGlobalId, NodeTypeName } from './global-id';

/** A global id of a `type` record (see global-id.ts); parseId turns it into the key. */
export const IsRecordId = (type: NodeTypeName) =>
  applyDecorators(
    IsString(),
    ValidateBy({
      name: 'isRecordId',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && fromGlobalId(value)?.type === type,
        defaultMessage: ({ property }: ValidationArguments) => `${property} must be the id of a ${type}`,
      },
    }),
  );
