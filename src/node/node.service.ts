import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityTarget, In } from 'typeorm';
import { AreaEntity } from '../areas/area.entity';
import { ApiKeyEntity } from '../auth/api-key.entity';
import { Role } from '../common/domain-enums';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { badInput } from '../common/errors/domain.exception';
import { fromGlobalId, isNodeType, NodeTypeName } from '../common/global-id';
import { NODE_TYPE } from '../common/node.interface';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { IndicatorReadingEntity } from '../indicators/indicator-reading.entity';
import { IndicatorEntity } from '../indicators/indicator.entity';
import { PlanEntity } from '../plans/plan.entity';
import { RegionEntity } from '../regions/region.entity';
import { SourceEntity } from '../sources/source.entity';
import { TaskUpdateEntity } from '../task-updates/task-update.entity';
import { TaskEntity } from '../tasks/task.entity';

/** Where each type's records live, and the roles of the root query that reads them (apiKeys: ADMIN only). */
const NODE_SOURCES: Record<NodeTypeName, { entity: EntityTarget<object>; key: string; roles?: Role[] }> = {
  Plan: { entity: PlanEntity, key: 'id' },
  Area: { entity: AreaEntity, key: 'id' },
  Task: { entity: TaskEntity, key: 'id' },
  TaskUpdate: { entity: TaskUpdateEntity, key: 'id' },
  Indicator: { entity: IndicatorEntity, key: 'id' },
  IndicatorReading: { entity: IndicatorReadingEntity, key: 'id' },
  Evaluation: { entity: EvaluationEntity, key: 'id' },
  Source: { entity: SourceEntity, key: 'id' },
  Region: { entity: RegionEntity, key: 'code' },
  ApiKey: { entity: ApiKeyEntity, key: 'id', roles: [Role.ADMIN] },
};

export const MAX_NODE_IDS = 100;

@Injectable()
export class NodeService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * The records of these global ids, in order: one statement per type asked for. A record that does not exist is
   * null (as task(id) answers); a malformed id is BAD_USER_INPUT, an id of no type this API has NOT_FOUND, and a type
   * the caller's role may not read FORBIDDEN, each as that entry's error (the other entries still arrive).
   */
  async nodes(ids: readonly string[], role: string | undefined): Promise<(object | Error | null)[]> {
    if (ids.length > MAX_NODE_IDS) throw badInput('ids', `at most ${MAX_NODE_IDS} ids at a time`);
    const parsed = ids.map((id, i) => {
      const p = fromGlobalId(id);
      if (p) return p;
      // Base64url of "Something:key": someone's id, not one of ours; anything else is not an id at all.
      const text = /^[A-Za-z0-9_-]{1,80}$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
      const type = /^([A-Za-z]\w*):./.exec(text)?.[1];
      return type && !isNodeType(type) ? notFound('Node', id) : badInput(ids.length === 1 ? 'id' : `ids[${i}]`, 'is not a valid id');
    });
    const byType = new Map<NodeTypeName, Set<string>>();
    for (const p of parsed) if (!(p instanceof Error)) byType.set(p.type, (byType.get(p.type) ?? new Set()).add(p.key));
    const found = new Map<string, object>();
    for (const [type, keys] of byType) {
      const { entity, key, roles } = NODE_SOURCES[type];
      if (roles && !roles.includes(role as Role)) continue;
      const rows = await this.ds.getRepository(entity).findBy({ [key]: In([...keys]) });
      for (const row of rows as Record<string, unknown>[]) found.set(`${type}:${String(row[key])}`, Object.assign(row, { [NODE_TYPE]: type }));
    }
    return parsed.map((p) => {
      if (p instanceof Error) return p;
      const roles = NODE_SOURCES[p.type].roles;
      if (roles && !roles.includes(role as Role))
        return new DomainException(ErrorCode.FORBIDDEN, `The ${role ?? 'anonymous'} role may not read ${p.type} records`);
      return found.get(`${p.type}:${p.key}`) ?? null;
    });
  }
}
