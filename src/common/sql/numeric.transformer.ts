import { ValueTransformer } from 'typeorm';

/** pg returns numeric as a string; figures here stay well inside a double's exact range. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
