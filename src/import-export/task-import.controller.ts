import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import type { Multipart } from '@fastify/multipart';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AuthenticatedRequest } from '../auth/principal.hook';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { badInput, DomainException } from '../common/errors/domain.exception';
import { Principal } from '../common/graphql-context';
import { ImportFormat } from './import-format';
import { UPLOAD_MAX_BYTES } from './import-limits';
import { RestErrorFilter } from './rest-error.filter';
import { ImportResult, TaskImportService } from './task-import.service';

const USAGE = 'send multipart/form-data with the fields planCode, format (CSV or JSON), dryRun (true/false) and the file as "file"';

/** Upload route for files too large for the importTasks mutation; same service, same answer. */
@Controller('import')
@UseFilters(RestErrorFilter)
@Roles(Role.ADMIN)
export class TaskImportController {
  constructor(private readonly imports: TaskImportService) {}

  @Post('tasks')
  @HttpCode(200)
  async upload(@Req() req: AuthenticatedRequest, @CurrentPrincipal() principal: Principal): Promise<ImportResult> {
    if (!req.isMultipart()) throw badInput('body', USAGE);
    const { fields, file } = await readParts(req);
    if (!file) throw badInput('file', USAGE);
    const planCode = fields.planCode?.trim();
    if (!planCode) throw badInput('planCode', 'is required');
    return this.imports.run({ planCode, format: formatField(fields.format, file.name), content: file.bytes, dryRun: boolField(fields.dryRun) }, principal, {
      maxBytes: UPLOAD_MAX_BYTES,
    });
  }
}

/**
 * The form's fields and its one file. A body the multipart reader cannot parse (no boundary, a part cut off, broken
 * part headers) is the client's mistake: BAD_USER_INPUT, not a 500. Size limits keep their own 413 (FST_ codes).
 */
async function readParts(req: AuthenticatedRequest): Promise<{ fields: Record<string, string>; file?: { name: string; bytes: Buffer } }> {
  const fields: Record<string, string> = {};
  let file: { name: string; bytes: Buffer } | undefined;
  try {
    const parts: AsyncIterableIterator<Multipart> = req.parts({ limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw badInput(part.fieldname, `unexpected file; ${USAGE}`);
        file = { name: part.filename, bytes: await part.toBuffer() };
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (err) {
    if (err instanceof DomainException || isFastifyClientError(err)) throw err;
    throw badInput('body', `the multipart body cannot be read (${err instanceof Error ? err.message : String(err)}); ${USAGE}`);
  }
  return { fields, file };
}

function isFastifyClientError(err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown };
  return typeof e?.code === 'string' && e.code.startsWith('FST_') && typeof e.statusCode === 'number' && e.statusCode < 500;
}

/** CSV or JSON; when the field is missing, taken from the file name (.json is JSON, anything else CSV). */
function formatField(value: string | undefined, filename: string): ImportFormat {
  if (value === undefined || value.trim() === '') return /\.json$/i.test(filename) ? ImportFormat.JSON : ImportFormat.CSV;
  const format = value.trim().toUpperCase();
  if (format !== ImportFormat.CSV && format !== ImportFormat.JSON) throw badInput('format', 'must be CSV or JSON');
  return format;
}

function boolField(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw badInput('dryRun', 'must be true or false');
}
