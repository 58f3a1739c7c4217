/**
 * What a catalogued task is (issue 10), said once for every count of them: a task here is a phrase from a public
 * report of the plan, not always one of the plan's numbered key tasks.
 */
export const CATALOGUED_TASK_NOTE =
  'A catalogued task is a phrase from a public report of the plan, not always one of its numbered key tasks: the seed ' +
  'splits one sentence into several tasks and merges neighbouring items, so this count is not comparable one for one ' +
  'with declaredTaskCount.';
