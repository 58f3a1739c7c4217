import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { Role } from '../common/domain-enums';
import { badInput, notFound } from '../common/errors/domain.exception';
import { Principal } from '../common/graphql-context';
import { ApiKeyEntity } from './api-key.entity';
import { prepared } from '../common/sql/prepared';
import { hashToken, newToken, tokenPrefix } from './token';

/**
 * How long an answer for a token is trusted. A key revoked anywhere (another instance, the CLI, SQL) is refused by
 * every instance within this time: one lookup a second per token in use and instance, a fraction of a per-request
 * cost at any load (see README, Roles and keys).
 */
export const TOKEN_CACHE_MS = 1000;
/** last_used_at is written at most this often per key, so a lookup is a write only once a minute. */
const LAST_USED_EVERY = '1 minute';
const CACHE_MAX = 10000;

@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  /** Token lookups sent (statements), so statement budgets can tell a request's own statements from authentication. */
  static lookups = 0;
  private readonly logger = new Logger('ApiKeys');
  // Short cache of token hash → principal, so a polling dashboard costs no extra statement per request.
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  // Lookups in flight, so the requests that find an entry expired at the same moment share one statement.
  private readonly pending = new Map<string, Promise<Principal | null>>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap() {
    if (this.config.BOOTSTRAP_ADMIN_TOKEN) await this.ensureBootstrapAdmin(this.config.BOOTSTRAP_ADMIN_TOKEN);
  }

  /**
   * Makes sure an ADMIN key with this token exists (compose files, CI), unless that key was revoked: a revoked key stays
   * revoked, whatever the environment says at the next start (a warning says so).
   */
  async ensureBootstrapAdmin(token: string) {
    const hash = hashToken(token);
    const [ready] = await this.ds.query(
      `INSERT INTO api_key (id, name, role, regions, token_hash, token_prefix) VALUES ($1, 'bootstrap-admin', 'ADMIN', '{}', $2, $3)
       ON CONFLICT (token_hash) DO UPDATE SET role = 'ADMIN', regions = '{}' WHERE api_key.revoked_at IS NULL RETURNING id`,
      [randomUUID(), hash, tokenPrefix(token)],
    );
    if (ready) {
      this.logger.log(`Bootstrap ADMIN key ready (${ready.id})`);
      return;
    }
    const [revoked] = await this.ds.query('SELECT id, revoked_at FROM api_key WHERE token_hash = $1', [hash]);
    this.logger.warn(
      `BOOTSTRAP_ADMIN_TOKEN is the token of key ${revoked?.id}, revoked at ${new Date(revoked?.revoked_at).toISOString()}: it stays revoked ` +
        'and no ADMIN key was made. Set a new BOOTSTRAP_ADMIN_TOKEN, or make a key with `npm run apikey -- create --role ADMIN`.',
    );
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

  /** The principal of a token, or null when it is unknown or revoked; an answer is at most TOKEN_CACHE_MS old. */
  authenticate(token: string): Promise<Principal | null> | Principal | null {
    const hash = hashToken(token);
    const hit = this.cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.principal;
    let lookup = this.pending.get(hash);
    if (!lookup) {
      lookup = this.lookup(hash).finally(() => this.pending.delete(hash));
      this.pending.set(hash, lookup);
    }
    return lookup;
  }

  private async lookup(hash: string): Promise<Principal | null> {
    // The time the answer is true from is when the statement starts: a revocation after it is seen by the next lookup.
    const asOf = Date.now();
    ApiKeysService.lookups += 1;
    const [row] = await this.ds.query(
      prepared(`WITH k AS (SELECT id, name, role, regions, last_used_at FROM api_key WHERE token_hash = $1 AND revoked_at IS NULL),
         used AS (UPDATE api_key a SET last_used_at = now() FROM k
           WHERE a.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '${LAST_USED_EVERY}'))
       SELECT id, name, role, regions FROM k`),
      [hash],
    );
    const principal: Principal | null = row ? { keyId: row.id, name: row.name, role: row.role, regions: row.regions } : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { principal, until: asOf + TOKEN_CACHE_MS });
    return principal;
  }
}
