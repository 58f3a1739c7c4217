import { registerEnumType } from '@nestjs/graphql';

/** The two encodings of the task exchange format; both carry the same columns. */
export enum ImportFormat {
  CSV = 'CSV',
  JSON = 'JSON',
}

registerEnumType(ImportFormat, { name: 'ImportFormat', description: 'CSV (UTF-8, header row) or JSON (an array of task objects).' });
