import { Readable } from 'node:stream';
import { FastifyReply } from 'fastify';
import { badInput } from '../common/errors/domain.exception';
import { ExportFile } from './task-export.service';

/** The plan code from ?plan= of an export route; missing, repeated or blank is BAD_USER_INPUT. */
export function planParam(plan: unknown): string {
  if (typeof plan !== 'string' || plan.trim() === '') throw badInput('plan', 'give the plan code once, as ?plan=CODE');
  if (plan.length > 64) throw badInput('plan', 'must be at most 64 characters');
  return plan.trim();
}

/** Sends an export as a download (its name, UTF-8 safe, in content-disposition), never kept by a cache. */
export function sendExportFile(reply: FastifyReply, file: ExportFile): Readable {
  void reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('cache-control', 'no-store');
  return file.body;
}
