import { ErrorCode } from './error-code.enum';

/** A failure the client can act on: carries its code and safe extra details. */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** For refusals raised before execution (HTTP hooks): the status of the reply. */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}

export const notFound = (what: string, key: string | number) =>
  new DomainException(ErrorCode.NOT_FOUND, `${what} ${JSON.stringify(String(key))} was not found`, { what });

export const badInput = (field: string, message: string) => new DomainException(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });
