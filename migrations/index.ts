import { Initial1795671626101 } from './1795671626101-Initial';
import { SearchAndProgressIndexes1795700000000 } from './1795700000000-SearchAndProgressIndexes';
import { CaseInsensitiveCodes1796200000000 } from './1796200000000-CaseInsensitiveCodes';
import { PlanTimeZone1796200000001 } from './1796200000001-PlanTimeZone';
import { SourceQuotes1796300000000 } from './1796300000000-SourceQuotes';
import { NoCliffIndexes1796400000000 } from './1796400000000-NoCliffIndexes';
import { ProgressOverTime1796510000000 } from './1796510000000-ProgressOverTime';
import { DataVersion1796520000000 } from './1796520000000-DataVersion';
import { SearchFolding1796530000000 } from './1796530000000-SearchFolding';
import { DataChangedNotice1796600000000 } from './1796600000000-DataChangedNotice';
import { TaskTally1796700000000 } from './1796700000000-TaskTally';
import { SyncCustomPlans1796800000000 } from './1796800000000-SyncCustomPlans';

// Every migration, in order. `npm run migration:generate -- Name` writes new files; list them here.
export const MIGRATIONS: Function[] = [
  Initial1795671626101,
  SearchAndProgressIndexes1795700000000,
  CaseInsensitiveCodes1796200000000,
  PlanTimeZone1796200000001,
  SourceQuotes1796300000000,
  NoCliffIndexes1796400000000,
  ProgressOverTime1796510000000,
  DataVersion1796520000000,
  SearchFolding1796530000000,
  DataChangedNotice1796600000000,
  TaskTally1796700000000,
  SyncCustomPlans1796800000000,
];
