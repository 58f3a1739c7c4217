import { registerTaskPageRelation } from '../tasks/task-page-relations';
import { IndicatorEntity } from './indicator.entity';

type IndicatorJson = Omit<IndicatorEntity, 'createdAt'> & { createdAt: string };

/** Task.indicators in a task page's own statement, when the page's query asks for them. */
export const TASK_INDICATORS_ON_PAGE = registerTaskPageRelation<IndicatorEntity[]>({
  field: 'indicators',
  sql: `COALESCE((SELECT json_agg(json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'nameEn', i.name_en,
        'unit', i.unit, 'planId', i.plan_id, 'taskId', i.task_id, 'createdAt', i.created_at) ORDER BY i.code)
        FROM indicator i WHERE i.task_id = page.id), '[]')`,
  parse: (json) => ((json ?? []) as IndicatorJson[]).map((i) => Object.assign(new IndicatorEntity(), i, { createdAt: new Date(i.createdAt) })),
});
