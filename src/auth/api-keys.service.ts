import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { Role } from '../common/domain-enums';
import { badInput, notFound } from '../common/errors/domain.exception';
import { Principal } from '../common/graphql-context';
import { ApiKeyEntity } from './api-key.entity';
import { hashToken, newToken, tokenPrefix } from './token';

const CACHE_MS = 5000;

@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');
  // Short cache of token hash → principal, so a polling dashboard costs no extra statement per request.
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(@InjectDataSource() private readonly ds: DataSource, @Inject(AppConfig) private readonly config: AppConfig) {}

  async onApplicationBootstrap() {
    if (this.config.BOOTSTRAP_ADMIN_TOKEN) await this.ensureBootstrapAdmin(this.config.BOOTSTRAP_ADMIN_TOKEN);
  }

  /** Makes sure an unrevoked ADMIN key with this token exists (compose files, CI). */
  async ensureBootstrapAdmin(token: string) {
    const hash = hashToken(token);
    const inserted = await this.ds.query(
      `INSERT INTO api_key (id, name, role, regions, token_hash, token_prefix) VALUES ($1, 'bootstrap-admin', 'ADMIN', '{}', $2, $3)
       ON CONFLICT (token_hash) DO UPDATE SET revoked_at = NULL, role = 'ADMIN' RETURNING id`,
      [randomUUID(), hash, tokenPrefix(token)],
    );
    this.logger.log(`Bootstrap ADMIN key ready (${inserted[0].id})`);
  }

  async create(input: { name: string; role: Role; regions?: string[] }): Promise<{ token: string; apiKey: ApiKeyEntity }> {
    const regions = [...new Set(input.regions ?? [])].sort();
    if (input.role === Role.EDITOR && regions.length === 0) throw badInput('regions', 'an EDITOR key needs at least one region');
    if (input.role !== Role.EDITOR && regions.length > 0) throw badInput('regions', 'only EDITOR keys are scoped to regions');
    const token = newToken();
    const repo = this.ds.getRepository(ApiKeyEntity);
    const apiKey = await repo.save(
      repo.create({ id: randomUUID(), name: input.name, role: input.role, regions, tokenHash: hashToken(token), tokenPrefix: tokenPrefix(token) }),
    );
    return { token, apiKey };
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.ds.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } });
  }

  async revoke(id: string): Promise<ApiKeyEntity> {
    const repo = this.ds.getRepository(ApiKeyEntity);
    const key = await repo.findOneBy({ id });
    if (!key) throw notFound('API key', id);
    if (!key.revokedAt) {
      await repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
      this.cache.clear();
    }
    return (await repo.findOneBy({ id })) as ApiKeyEntity;
  }

  /** The principal of a token, or null when it is unknown or revoked. */
  async authenticate(token: string): Promise<Principal | null> {
    const hash = hashToken(token);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.principal;
    const [row] = await this.ds.query(
      // A top-level SELECT (over a data-modifying CTE) so the driver returns plain rows.
      `WITH used AS (UPDATE api_key SET last_used_at = now() WHERE token_hash = $1 AND revoked_at IS NULL
         RETURNING id, name, role, regions)
       SELECT * FROM used`,
      [hash],
    );
    const principal: Principal | null = row ? { keyId: row.id, name: row.name, role: row.role, regions: row.regions } : null;
    if (this.cache.size > 10000) this.cache.clear();
    this.cache.set(hash, { principal, until: now + CACHE_MS });
    return principal;
  }
}
