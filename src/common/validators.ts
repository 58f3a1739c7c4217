// Shared class-validator rules for the API's inputs; each failure message names the field.
import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, MinLength, ValidateBy, ValidateIf, ValidationArguments } from 'class-validator';
import { isHttpUrl } from './http-url';
import { canonicalTimeZone } from './time-zone';

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const TITLE_MAX = 500;
export const TEXT_MAX = 4000;

/** A record code: 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit. */
export const IsCode = () =>
  applyDecorators(
    IsString(),
    Matches(CODE_PATTERN, {
      message: ({ property }: ValidationArguments) => `${property} must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    }),
  );

/** Text of 1–max characters that is not only blanks. */
export const IsText = (max: number) =>
  applyDecorators(
    IsString(),
    MinLength(1),
    MaxLength(max, { message: ({ property }: ValidationArguments) => `${property} must be at most ${max} characters` }),
    Matches(/\S/, { message: ({ property }: ValidationArguments) => `${property} must not be blank` }),
  );

/** An IANA time zone name that this runtime knows, such as "Asia/Shanghai" or "UTC". */
export const IsTimeZone = () =>
  ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && canonicalTimeZone(value) !== null,
      defaultMessage: ({ property }: ValidationArguments) => `${property} must be an IANA time zone name such as "Asia/Shanghai" or "UTC"`,
    },
  });

/** An absolute http(s) URL. */
export const IsHttpUrl = () =>
  ValidateBy({
    name: 'isHttpUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isHttpUrl(value),
      defaultMessage: ({ property }: ValidationArguments) => `${property} must be an http or https URL`,
    },
  });

/**
 * For fields of an update input that may be left out but not set to null: the rules after it run whenever
 * the field is present, so `null` fails them.
 */
export const UnlessAbsent = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** Decimal places of a number as written in full: 1e-7 has 7, 1.5e21 has 0. */
export function decimalPlaces(n: number): number {
  const [mantissa, exponent] = n.toExponential().split('e');
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent));
}

/**
 * A finite number with at most `max` decimal places. class-validator's IsNumber({ maxDecimalPlaces }) throws a
 * TypeError on numbers JavaScript prints in exponent form (1e-7, 5e-324, 1e21): an INTERNAL_SERVER_ERROR found by
 * the fuzz test.
 */
export const MaxDecimalPlaces = (max: number) =>
  ValidateBy({
    name: 'maxDecimalPlaces',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= max,
      defaultMessage: ({ property }: ValidationArguments) => `${property} must be a number with at most ${max} decimal places`,
    },
  });
