// Completion figures, kept apart from reported ones: a computed rate is never passed off as a reported one.

export interface StatusCounts {
  taskCount: number;
  completed: number;
  /** Tasks whose status is anything but NOT_REPORTED. */
  reported?: number;
}

/** completed / taskCount as a rate 0–1; null when there are no tasks. */
export function completionRate(c: StatusCounts): number | null {
  if (c.taskCount <= 0) return null;
  if (c.completed < 0 || c.completed > c.taskCount) throw new RangeError('completed must lie between 0 and taskCount');
  return c.completed / c.taskCount;
}

/** The computed rate of a round: null when no task has a reported status, since 0 would be a claim. */
export function computedCompletionRate(c: Required<StatusCounts>): number | null {
  if (c.reported <= 0) return null;
  return completionRate(c);
}

/** A percentage from a source ("over 90%") as a rate 0–1; rejects values outside 0–100. */
export function percentToRate(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new RangeError(`${percent} is not a percentage`);
  return Math.round(percent * 10000) / 1000000;
}
