import { parseTaskChangeNotice, taskChangedNotifySql } from './task-change-notice';

describe('task change notices', () => {
  it('reads the payload PostgreSQL builds (json_build_object spacing included)', () => {
    expect(parseTaskChangeNotice('{"task" : 5, "version" : 2, "plan" : 1, "area" : null, "fromArea" : 3}')).toEqual({
      task: 5,
      version: 2,
      plan: 1,
      area: null,
      fromArea: 3,
    });
  });

  it.each([
    '',
    'not json',
    '[]',
    '{"task":"5","version":2,"plan":1}',
    '{"task":5,"version":0,"plan":1}',
    '{"task":5,"version":2}',
    `{"task":5,"version":2,"plan":1,"area":"x"}`,
  ])('ignores a payload that is not a notice: %s', (payload) => expect(parseTaskChangeNotice(payload)).toBeNull());

  it("keeps the payload to keys: far below NOTIFY's 8,000 bytes", () => {
    const sql = taskChangedNotifySql('u', '$12::int');
    expect(sql).toMatch(/^pg_notify\('tracker_task_changed', json_build_object\(/);
    expect(sql).toContain("'fromArea', $12::int");
    expect(sql).not.toMatch(/title|note|description/);
  });
});
