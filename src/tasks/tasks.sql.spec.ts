import { TaskStatus } from '../common/domain-enums';
import { TaskOrder } from './dto/task-filter.input';
import { isSortKey, likePattern, taskCountSql, taskPageSql, taskPagesByParentSql, taskWhere } from './tasks.sql';

describe('likePattern', () => {
  it('wraps the text for a substring match', () => {
    expect(likePattern('长三角')).toBe('%长三角%');
  });

  it('escapes %, _ and the escape character itself', () => {
    expect(likePattern('100%')).toBe('%100\\%%');
    expect(likePattern('x_y')).toBe('%x\\_y%');
    expect(likePattern('a\\b')).toBe('%a\\\\b%');
    expect(likePattern('%_\\')).toBe('%\\%\\_\\\\%');
  });
});

describe('taskWhere', () => {
  it('by default lists key tasks only: no sub-tasks, nothing archived', () => {
    const params: unknown[] = [];
    expect(taskWhere({}, params)).toBe('t.archived_at IS NULL AND t.parent_id IS NULL');
    expect(params).toEqual([]);
  });

  it('passes every value as a parameter, never in the SQL text', () => {
    const params: unknown[] = [];
    const sql = taskWhere(
      {
        planCode: "p'; DROP TABLE task; --",
        areaCode: 'A1',
        status: [TaskStatus.COMPLETED],
        leadRegion: ['SH'],
        dueBefore: '2025-01-01',
        dueAfter: '2024-01-01',
        overdue: true,
        search: ' 100% ',
      },
      params,
    );
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain('2025-01-01');
    expect(params).toEqual(["p'; DROP TABLE task; --", 'A1', ['COMPLETED'], ['SH'], '2025-01-01', '2024-01-01', '%100\\%%']);
    expect(sql.match(/\$\d+/g)).toEqual(['$1', '$2', '$3', '$4', '$5', '$6', '$1', '$7']);
  });

  it("takes \"today\" for overdue from the plan's clock: the named plan's once, else each task's plan's", () => {
    expect(taskWhere({ planCode: 'p', overdue: true }, [])).toContain('(SELECT (now() AT TIME ZONE time_zone)::date FROM plan WHERE lower(code) = lower($1))');
    expect(taskWhere({ overdue: true }, [])).toContain(
      '(SELECT array_agg((now() AT TIME ZONE tp.time_zone)::date ORDER BY g.id) FROM generate_series(1, (SELECT max(id) FROM plan)) g(id) LEFT JOIN plan tp ON tp.id = g.id)[t.plan_id]',
    );
  });

  it('ties an area code to the plan only when a plan is named', () => {
    expect(taskWhere({ areaCode: 'A1', planCode: 'p' }, [])).toContain('a.plan_id = t.plan_id');
    expect(taskWhere({ areaCode: 'A1' }, [])).not.toContain('a.plan_id = t.plan_id');
  });

  it('treats null like a field not given', () => {
    const params: unknown[] = [];
    const sql = taskWhere(
      {
        planCode: null,
        areaId: null,
        areaCode: null,
        status: null,
        leadRegion: null,
        dueBefore: null,
        dueAfter: null,
        overdue: null,
        search: null,
        includeSubtasks: null,
        includeArchived: null,
      },
      params,
    );
    expect(sql).toBe('t.archived_at IS NULL AND t.parent_id IS NULL');
    expect(params).toEqual([]);
  });

  it('ignores an empty status or region list and a blank search', () => {
    const params: unknown[] = [];
    expect(taskWhere({ status: [], leadRegion: [], search: '   ' }, params)).toBe('t.archived_at IS NULL AND t.parent_id IS NULL');
    expect(params).toEqual([]);
  });

  it('searches the folded column with the search folded the same way: traditional, full-width, any case', () => {
    const params: unknown[] = [];
    expect(taskWhere({ search: '\u3000長三角ＹＲＤ\u3000', includeArchived: true, includeSubtasks: true }, params)).toBe('t.search_text LIKE $1');
    expect(params).toEqual(['%长三角yrd%']);
    // Full-width % and _ become ASCII first, then are escaped like typed ones.
    const escaped: unknown[] = [];
    taskWhere({ search: '１００％' }, escaped);
    expect(escaped).toEqual(['%100\\%%']);
    expect(taskWhere({ search: '\u3000\u3000' }, [])).toBe('t.archived_at IS NULL AND t.parent_id IS NULL');
  });

  it('counts a task with no due date as not overdue', () => {
    expect(taskWhere({ overdue: false }, [])).toContain('NOT COALESCE(');
    expect(taskWhere({ overdue: true }, [])).not.toContain('NOT COALESCE(');
  });

  it('drops the key-task conditions when asked', () => {
    expect(taskWhere({ includeArchived: true, includeSubtasks: true }, [])).toBe('true');
  });
});

describe('taskPageSql', () => {
  it('orders by the key then the id, in the same direction, and limits last', () => {
    const asc = taskPageSql({}, TaskOrder.DUE_DATE_ASC, null, 8);
    expect(asc.sql).toMatch(/ORDER BY COALESCE\(t\.due_date, '9999-12-31'::date\) ASC, t\.id ASC/);
    expect(asc.params).toEqual([8]);
    const desc = taskPageSql({}, TaskOrder.PROGRESS_DESC, null, 8);
    expect(desc.sql).toMatch(/ORDER BY COALESCE\(t\.progress, -1\) DESC, t\.id DESC/);
  });

  it('continues after the cursor with a row comparison that follows the direction', () => {
    const asc = taskPageSql({ planCode: 'p' }, TaskOrder.CODE_ASC, { order: 'CODE_ASC', key: 'T05', id: 9 }, 8);
    expect(asc.sql).toContain('(t.code, t.id) > ($2::varchar, $3::int)');
    expect(asc.params).toEqual(['p', 'T05', 9, 8]);
    const desc = taskPageSql({}, TaskOrder.UPDATED_AT_DESC, { order: 'UPDATED_AT_DESC', key: '2025-01-01 00:00:00+00', id: 9 }, 8);
    expect(desc.sql).toContain('(t.updated_at, t.id) < ($1::timestamptz, $2::int)');
  });
});

describe('taskCountSql', () => {
  it('counts with the same filter as the page', () => {
    const q = { planCode: 'p', status: [TaskStatus.DELAYED], overdue: true };
    const count = taskCountSql(q);
    const page = taskPageSql(q, TaskOrder.CODE_ASC, null, 5);
    expect(count.sql).toBe(`SELECT count(*)::int AS total FROM task t WHERE ${taskWhere(q, [])}`);
    expect(count.params).toEqual(page.params.slice(0, -1));
  });
});

describe('isSortKey', () => {
  it.each([
    [TaskOrder.CODE_ASC, 'T01'],
    [TaskOrder.CODE_DESC, 'x'.repeat(64)],
    [TaskOrder.DUE_DATE_ASC, '9999-12-31'],
    [TaskOrder.DUE_DATE_DESC, '0001-01-01'],
    [TaskOrder.DUE_DATE_ASC, '2024-02-29'],
    [TaskOrder.PROGRESS_ASC, '101'],
    [TaskOrder.PROGRESS_DESC, '-1'],
    [TaskOrder.PROGRESS_ASC, '0'],
    [TaskOrder.UPDATED_AT_ASC, '2025-01-01 00:00:03.123+00'],
    [TaskOrder.UPDATED_AT_DESC, '2025-01-01 08:00:03+08'],
    [TaskOrder.UPDATED_AT_DESC, '2025-01-01 05:30:03.5+05:30'],
  ])('accepts a %s key %p', (order, key) => {
    expect(isSortKey(order, key)).toBe(true);
  });

  it.each([
    [TaskOrder.CODE_ASC, 'x'.repeat(65)],
    [TaskOrder.CODE_ASC, 5],
    [TaskOrder.CODE_ASC, null],
    [TaskOrder.DUE_DATE_ASC, 'yesterday'],
    [TaskOrder.DUE_DATE_ASC, 'infinity'],
    [TaskOrder.DUE_DATE_ASC, '2023-02-29'],
    [TaskOrder.DUE_DATE_ASC, '2024-01-01 00:00:00+00'],
    [TaskOrder.PROGRESS_ASC, '102'],
    [TaskOrder.PROGRESS_ASC, '-2'],
    [TaskOrder.PROGRESS_ASC, '1e2'],
    [TaskOrder.PROGRESS_ASC, 50],
    [TaskOrder.UPDATED_AT_ASC, 'now'],
    [TaskOrder.UPDATED_AT_ASC, '2025-01-01'],
    [TaskOrder.UPDATED_AT_ASC, '2025-01-01T00:00:00Z'],
  ])('refuses a %s key %p', (order, key) => {
    expect(isSortKey(order, key)).toBe(false);
  });

  it('refuses any key for an order it does not know', () => {
    expect(isSortKey('NOPE' as TaskOrder, 'T01')).toBe(false);
  });
});

describe('taskPagesByParentSql', () => {
  it('takes the parents as $1, every filter value and the cursor as parameters, and the limit last', () => {
    const { sql, params } = taskPagesByParentSql(
      'area_id',
      [3, 1],
      { status: [TaskStatus.DELAYED], search: 'x' },
      TaskOrder.CODE_ASC,
      { order: 'CODE_ASC', key: 'T01', id: 9 },
      3,
      { totalCount: true },
    );
    expect(params).toEqual([[3, 1], ['DELAYED'], '%x%', 'T01', 9, 3]);
    expect(sql).toContain('unnest($1::int[]) AS parent(id)');
    expect(sql).toMatch(/LIMIT \$6\b/);
    // One statement: the page and the count are both lateral joins on the parent.
    expect(sql.match(/LEFT JOIN LATERAL/g)).toHaveLength(2);
    expect(sql).not.toContain('T01');
  });

  it('counts only when the total is asked for', () => {
    const { sql } = taskPagesByParentSql('area_id', [1], {}, TaskOrder.CODE_ASC, null, 2, {});
    expect(sql).not.toMatch(/count\(\*\)/);
    expect(sql.match(/LEFT JOIN LATERAL/g)).toHaveLength(1);
  });
});
