import { Initial1795671626101 } from './1795671626101-Initial';
import { SearchAndProgressIndexes1795700000000 } from './1795700000000-SearchAndProgressIndexes';
import { SourceQuotes1796300000000 } from './1796300000000-SourceQuotes';

// Every migration, in order. `npm run migration:generate -- Name` writes new files; list them here.
export const MIGRATIONS: Function[] = [Initial1795671626101, SearchAndProgressIndexes1795700000000, SourceQuotes1796300000000];
