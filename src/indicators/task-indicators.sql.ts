import { registerTaskPageRelation } from '../tasks/task-page-relations';
import { IndicatorEntity } from './indicator.entity';
import { indicatorFromJson, INDICATOR_SHAPE } from './indicator.shape';

/** Task.indicators in a task page's own statement, when the page's query asks for them. */
export const TASK_INDICATORS_ON_PAGE = registerTaskPageRelation<IndicatorEntity[]>({
  field: 'indicators',
  sql: `COALESCE((SELECT json_agg(${INDICATOR_SHAPE.json('i')} ORDER BY i.code) FROM indicator i WHERE i.task_id = page.id), '[]')`,
  parse: (json) => {
    if (!Array.isArray(json)) throw new TypeError(`task page.indicators_json: expected a list, got ${JSON.stringify(json)}`);
    return json.map(indicatorFromJson);
  },
});
