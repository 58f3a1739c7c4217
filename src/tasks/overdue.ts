type DueTask = { dueDate: string | null; status: string };

/** A task with a due date that is not COMPLETED: it becomes overdue once its plan's today passes the due date. */
export function mayBeOverdue(task: DueTask): task is DueTask & { dueDate: string } {
  return task.dueDate !== null && task.status !== 'COMPLETED';
}

/** A task is overdue when its due date is before today (the date in its plan's time zone) and it is not COMPLETED. */
export function isOverdue(task: DueTask, today: string): boolean {
  return mayBeOverdue(task) && task.dueDate < today;
}
