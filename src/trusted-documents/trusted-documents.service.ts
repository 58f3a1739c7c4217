import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { GraphQLSchema, parse, validate } from 'graphql';
import { AuthenticatedRequest } from '../auth/principal.hook';
import { AppConfig, ConfigError } from '../common/config/app-config';
import { Role } from '../common/domain-enums';
import { EMPTY_MANIFEST, readTrustedManifest, TrustedManifest } from './trusted-manifest';
import { GraphqlRequestFields, resolveTrustedDocument } from './trusted-request';
import { isGraphqlUrl } from '../common/graphql-path';

/**
 * Trusted documents: a client sends a document's id (`documentId`, or Apollo's persisted-query hash) instead of its
 * text, looked up in the TRUSTED_DOCUMENTS manifest; with TRUSTED_DOCUMENTS_ONLY, any other document is refused
 * with TRUSTED_DOCUMENT_REQUIRED, except from ADMIN keys (they already may do anything, and keep GraphiQL and ad hoc
 * administration working). The manifest is read once at start-up; a bad one stops the process naming the variable.
 */
@Injectable()
export class TrustedDocumentsService implements OnApplicationBootstrap {
  readonly manifest: TrustedManifest;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    try {
      this.manifest = config.TRUSTED_DOCUMENTS ? readTrustedManifest(config.TRUSTED_DOCUMENTS) : EMPTY_MANIFEST;
    } catch (err) {
      throw new ConfigError(`Invalid environment:\n  TRUSTED_DOCUMENTS: ${(err as Error).message}`);
    }
  }

  /**
   * Adds the hook that resolves document ids. Call before the GraphQL request checks of http-hardening.ts are
   * registered (they refuse a request without `query`), and before the GraphQL routes exist.
   */
  register(fastify: FastifyInstance) {
    const configured = this.config.TRUSTED_DOCUMENTS !== undefined;
    fastify.addHook('preValidation', async (req: FastifyRequest) => {
      if (!isGraphqlUrl(req.url)) return;
      const fields = (req.method === 'GET' ? req.query : req.body) as GraphqlRequestFields | null;
      if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return;
      const trustedOnly = this.config.TRUSTED_DOCUMENTS_ONLY && (req as AuthenticatedRequest).principal?.role !== Role.ADMIN;
      resolveTrustedDocument(fields, { manifest: this.manifest, trustedOnly, configured });
    });
  }

  /** Every trusted document must validate against the schema: a stale manifest stops the start, naming the id. */
  onApplicationBootstrap() {
    const schema = (this.adapterHost.httpAdapter?.getInstance() as { graphql?: { schema?: GraphQLSchema } } | undefined)?.graphql?.schema;
    if (!schema) return;
    for (const [id, text] of this.manifest.byId) {
      const errors = validate(schema, parse(text));
      if (errors.length > 0) {
        throw new ConfigError(`Invalid environment:\n  TRUSTED_DOCUMENTS: the document of ${id} does not fit the schema: ${errors[0].message}`);
      }
    }
  }
}
