import { Initial1795671626101 } from './1795671626101-Initial';

// Every migration, in order. `npm run migration:generate -- Name` writes new files; list them here.
export const MIGRATIONS: Function[] = [Initial1795671626101];
