import { Role } from '../common/domain-enums';
import { Principal } from '../common/graphql-context';

export type { Principal };

/** The view an anonymous caller gets when ANONYMOUS_READ is on. */
export const ANONYMOUS_DASHBOARD: Principal = { keyId: null, name: 'anonymous', role: Role.DASHBOARD, regions: [] };

/** An EDITOR may write a task only when one of its regions leads the task; ADMIN may write any. */
export function mayWriteForRegions(p: Principal, leadRegions: string[]): boolean {
  if (p.role === Role.ADMIN) return true;
  if (p.role !== Role.EDITOR) return false;
  return leadRegions.some((r) => p.regions.includes(r));
}
