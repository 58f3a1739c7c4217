// Checks that span a task import file: duplicate codes, parents that exist, parent chains without cycles.
import { ImportError, ValidRow } from './task-exchange.format';

/**
 * Checks that span the file: duplicate codes, parents that exist (in the file or the plan) and parent chains
 * without cycles. `stored` maps each code of the plan to its parent code; `badRows` are the codes of rows that
 * failed their own checks (they count as present, so a child of a bad row is not blamed for it).
 */
export function checkFile(rows: ValidRow[], stored: ReadonlyMap<string, string | null>, badRows: readonly { row: number; code: string }[] = []): ImportError[] {
  const errors: ImportError[] = [];
  const firstRow = new Map<string, number>();
  const everyCode = [...rows.map((r) => ({ row: r.row, code: r.values.code })), ...badRows].sort((a, b) => a.row - b.row);
  for (const r of everyCode) {
    const first = firstRow.get(r.code);
    if (first !== undefined) errors.push({ row: r.row, column: 'code', message: `duplicate code ${r.code}; it is on row ${first} too` });
    else firstRow.set(r.code, r.row);
  }
  const parentOf = new Map(stored);
  for (const r of badRows) if (!parentOf.has(r.code)) parentOf.set(r.code, null);
  for (const r of rows) {
    if (!stored.has(r.values.code)) parentOf.set(r.values.code, null);
    if (r.values.parentCode !== undefined) parentOf.set(r.values.code, r.values.parentCode);
  }
  for (const r of rows) {
    const parent = r.values.parentCode;
    if (!parent) continue;
    if (!parentOf.has(parent)) {
      errors.push({ row: r.row, column: 'parentCode', message: `no task ${parent} in this plan or the file` });
      continue;
    }
    const seen = new Set([r.values.code]);
    for (let p: string | null | undefined = parent; p; p = parentOf.get(p)) {
      if (seen.has(p)) {
        errors.push({ row: r.row, column: 'parentCode', message: `parent ${parent} leads back to ${r.values.code}: tasks cannot form a cycle` });
        break;
      }
      seen.add(p);
    }
  }
  return errors;
}
