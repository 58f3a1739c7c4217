import { registerEnumType } from '@nestjs/graphql';

/** The two encodings of the task exchange format; both carry the same columns. */
export enum ImportFormat {
  CSV = 'CSV',
  JSON = 'JSON',
}

registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description: 'CSV (UTF-8, header row) or JSON (an array of task objects).',
  valuesMap: {
    CSV: { description: 'Comma-separated values, UTF-8, one header row naming the columns; lists joined with `|`.' },
    JSON: { description: "A JSON array of task objects with the same keys as the CSV columns, or an export's object holding them in `tasks`." },
  },
});
