import { AreaEntity } from '../areas/area.entity';
import { ApiKeyEntity } from '../auth/api-key.entity';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { IndicatorReadingEntity } from '../indicators/indicator-reading.entity';
import { IndicatorEntity } from '../indicators/indicator.entity';
import { PlanEntity } from '../plans/plan.entity';
import { RegionEntity } from '../regions/region.entity';
import { SourceEntity } from '../sources/source.entity';
import { TaskUpdateEntity } from '../task-updates/task-update.entity';
import { TaskEntity } from '../tasks/task.entity';

export const ENTITIES = [
  SourceEntity,
  PlanEntity,
  AreaEntity,
  RegionEntity,
  TaskEntity,
  EvaluationEntity,
  IndicatorEntity,
  IndicatorReadingEntity,
  TaskUpdateEntity,
  ApiKeyEntity,
];
