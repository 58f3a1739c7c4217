/** A task is overdue when its due date is before today and it is not COMPLETED. */
export function isOverdue(task: { dueDate: string | null; status: string }, today: string): boolean {
  return task.dueDate !== null && task.status !== 'COMPLETED' && task.dueDate < today;
}
