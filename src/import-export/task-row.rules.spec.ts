import { TaskStatus } from '../common/domain-enums';
import { CODE_PATTERN as API_CODE_PATTERN, TITLE_MAX as API_TITLE_MAX } from '../common/validators';
import { escapeCsvCell, unescapeCsvCell } from './csv-cell';
import { planRow } from './row-plan.rules';
import { CODE_PATTERN, TITLE_MAX, checkHeader, RawRow, RowContext, sortErrors, StoredTask, TASK_COLUMNS, ValidRow } from './task-exchange.format';
import { checkFile } from './task-file.rules';
import { AGENCIES_MAX, AGENCY_MAX, checkRow } from './task-row.rules';

const ctx: RowContext = { areaCodes: new Set(['A1', 'A2']), regionCodes: new Set(['SH', 'JS', 'ZJ', 'AH']) };
const row = (cells: RawRow['cells'], n = 2): RawRow => ({ row: n, cells });
const valid = (cells: RawRow['cells'], n = 2): ValidRow => {
  const checked = checkRow(row(cells, n), ctx);
  if (!checked.values) throw new Error(JSON.stringify(checked.errors));
  return { row: n, values: checked.values };
};
const stored = (over: Partial<StoredTask> = {}): StoredTask => ({
  id: 1,
  code: 'K-01',
  parentCode: null,
  areaCode: 'A1',
  title: '任务',
  titleEn: null,
  status: TaskStatus.IN_PROGRESS,
  progress: 40,
  leadRegions: ['JS', 'SH'],
  leadAgencies: ['上海市科委'],
  startDate: '2024-01-01',
  dueDate: '2026-12-31',
  version: 3,
  archived: false,
  ...over,
});

/** planRow with no archived parent, on a fixed day. */
const planAt = (r: ValidRow, s: StoredTask | undefined, archived: (code: string) => boolean = () => false) => planRow(r, s, archived, '2025-06-15');

describe('limits', () => {
  it("are the API's own, so whatever createTask accepts an import accepts too", () => {
    expect(CODE_PATTERN.source).toBe(API_CODE_PATTERN.source);
    expect(TITLE_MAX).toBe(API_TITLE_MAX);
    expect(AGENCY_MAX).toBe(200);
    expect(AGENCIES_MAX).toBe(20);
  });
});

describe('checkHeader', () => {
  it('maps the columns case-insensitively in any order', () => {
    expect(checkHeader([' Title ', 'CODE', 'progress'])).toEqual({ columns: ['title', 'code', 'progress'], errors: [] });
  });

  it('reports unknown, repeated and missing required columns on row 1', () => {
    expect(checkHeader(['code', 'colour', 'code']).errors).toEqual([
      { row: 1, column: 'colour', message: expect.stringMatching(/unknown column/) },
      { row: 1, column: 'code', message: 'the column appears twice' },
      { row: 1, column: 'title', message: 'required column is missing' },
    ]);
  });

  it('accepts every exported column', () => {
    expect(checkHeader([...TASK_COLUMNS]).errors).toEqual([]);
  });
});

describe('checkRow', () => {
  it('reads a full CSV row: lists split on |, regions upper-cased and sorted, empty cells null', () => {
    expect(
      checkRow(
        row({
          code: ' K-01 ',
          parentCode: '',
          areaCode: 'A1',
          title: '共建',
          titleEn: '',
          status: 'in_progress',
          progress: ' 40 ',
          leadRegions: 'sh| js |',
          leadAgencies: '上海市科委 | 江苏省科技厅',
          startDate: '2024-01-01',
          dueDate: '',
          version: '3',
          latestUpdateDate: 'ignored',
        }),
        ctx,
      ),
    ).toEqual({
      code: 'K-01',
      errors: [],
      values: {
        code: 'K-01',
        parentCode: null,
        areaCode: 'A1',
        title: '共建',
        titleEn: null,
        status: 'IN_PROGRESS',
        progress: 40,
        leadRegions: ['JS', 'SH'],
        leadAgencies: ['上海市科委', '江苏省科技厅'],
        startDate: '2024-01-01',
        dueDate: null,
        version: 3,
      },
    });
  });

  it('reads JSON cells: numbers, arrays and null', () => {
    expect(
      checkRow(row({ code: 'K-1', title: 't', progress: 100, status: 'COMPLETED', leadRegions: ['AH'], leadAgencies: [], version: null }), ctx).values,
    ).toEqual({ code: 'K-1', title: 't', progress: 100, status: 'COMPLETED', leadRegions: ['AH'], leadAgencies: [], version: null });
  });

  it('leaves a column the file does not have undefined, and an empty status undefined', () => {
    const values = checkRow(row({ code: 'K-1', title: 't', status: '' }), ctx).values!;
    expect(values).toEqual({ code: 'K-1', title: 't', status: undefined });
    expect('progress' in values).toBe(false);
  });

  it.each([
    ['status', { status: 'DONE' }, /must be one of/],
    ['progress', { progress: '150' }, /integer from 0 to 100/],
    ['progress', { progress: '-1' }, /integer from 0 to 100/],
    ['progress', { progress: '4.5' }, /integer from 0 to 100/],
    ['progress', { progress: 4.5 }, /integer from 0 to 100/],
    ['areaCode', { areaCode: 'A9' }, /unknown area A9/],
    ['leadRegions', { leadRegions: 'SH|XX' }, /unknown region XX/],
    ['leadRegions', { leadRegions: [1] }, /list of text/],
    ['leadAgencies', { leadAgencies: 'x'.repeat(201) }, /at most 200/],
    ['leadAgencies', { leadAgencies: Array(21).fill('a') }, /at most 20 agencies/],
    ['startDate', { startDate: '2024-02-30' }, /YYYY-MM-DD/],
    ['dueDate', { dueDate: '31/12/2026' }, /YYYY-MM-DD/],
    ['version', { version: '0' }, /whole number/],
    ['version', { version: 'v3' }, /whole number/],
    ['title', { title: '   ' }, /required/],
    ['title', { title: 'x'.repeat(501) }, /at most 500/],
    ['title', { title: { zh: 'x' } }, /must be text/],
    ['titleEn', { titleEn: 'a\u0007b' }, /control characters/],
    ['code', { code: '' }, /required/],
    ['code', { code: 'x'.repeat(65) }, /1–64 letters/],
    ['code', { code: 'A|B' }, /1–64 letters/],
    ['code', { code: '-A' }, /starting with a letter or digit/],
    ['code', { code: '任务一' }, /1–64 letters/],
    ['parentCode', { parentCode: 'K-1' }, /its own parent/],
  ])('refuses a bad %s cell (%j)', (column, cells, message) => {
    const result = checkRow(row({ code: 'K-1', title: 't', ...cells }), ctx);
    expect(result.values).toBeUndefined();
    expect(result.errors).toEqual([{ row: 2, column, message: expect.stringMatching(message) }]);
  });

  it('reports every bad cell of a row, not only the first', () => {
    const result = checkRow(row({ code: 'K-1', title: '', status: 'X', progress: '101', dueDate: 'soon' }), ctx);
    expect(result.errors.map((e) => e.column)).toEqual(['title', 'status', 'progress', 'dueDate']);
    expect(result.code).toBe('K-1');
  });
});

describe('checkFile', () => {
  it('reports each repeat of a code with the row it first appeared on', () => {
    const rows = [valid({ code: 'A', title: 't' }, 2), valid({ code: 'B', title: 't' }, 3), valid({ code: 'A', title: 't' }, 4)];
    expect(checkFile(rows, new Map(), [{ row: 5, code: 'B' }])).toEqual([
      { row: 4, column: 'code', message: 'duplicate code A; it is on row 2 too' },
      { row: 5, column: 'code', message: 'duplicate code B; it is on row 3 too' },
    ]);
  });

  it('resolves parents in the file (in any order) or the plan, and refuses unknown ones', () => {
    const rows = [
      valid({ code: 'C', parentCode: 'B', title: 't' }, 2),
      valid({ code: 'B', parentCode: 'K-01', title: 't' }, 3),
      valid({ code: 'D', parentCode: 'BAD', title: 't' }, 4),
      valid({ code: 'E', parentCode: 'NONE', title: 't' }, 5),
    ];
    expect(checkFile(rows, new Map([['K-01', null]]), [{ row: 6, code: 'BAD' }])).toEqual([
      { row: 5, column: 'parentCode', message: 'no task NONE in this plan or the file' },
    ]);
  });

  it('refuses a parent chain that loops back, through stored tasks too', () => {
    const storedParents = new Map<string, string | null>([
      ['K-01', null],
      ['K-01-1', 'K-01'],
    ]);
    expect(checkFile([valid({ code: 'K-01', parentCode: 'K-01-1', title: 't' })], storedParents)).toEqual([
      { row: 2, column: 'parentCode', message: expect.stringMatching(/cycle/) },
    ]);
    // Moving the child away in the same file breaks the loop.
    const rows = [valid({ code: 'K-01', parentCode: 'K-01-1', title: 't' }, 2), valid({ code: 'K-01-1', parentCode: '', title: 't' }, 3)];
    expect(checkFile(rows, storedParents)).toEqual([]);
  });
});

describe('planRow', () => {
  const same = {
    code: 'K-01',
    areaCode: 'A1',
    title: '任务',
    titleEn: '',
    status: 'IN_PROGRESS',
    progress: '40',
    leadRegions: 'SH|JS',
    leadAgencies: '上海市科委',
    startDate: '2024-01-01',
    dueDate: '2026-12-31',
    version: '3',
  };

  it('creates a task for a new code', () => {
    expect(planAt(valid({ code: 'N', title: 't' }), undefined).plan).toEqual({
      kind: 'create',
      row: 2,
      values: { code: 'N', title: 't', status: 'NOT_REPORTED', progress: null },
    });
  });

  it('settles a new task by the change rules: COMPLETED without a figure is 100, a figure without a status is IN_PROGRESS', () => {
    expect(planAt(valid({ code: 'N', title: 't', status: 'COMPLETED', progress: '' }), undefined).plan).toMatchObject({
      values: { status: 'COMPLETED', progress: 100 },
    });
    expect(planAt(valid({ code: 'N', title: 't', progress: '30' }), undefined).plan).toMatchObject({ values: { status: 'IN_PROGRESS', progress: 30 } });
    expect(planAt(valid({ code: 'N', title: 't', status: 'COMPLETED', progress: '80' }), undefined).errors).toEqual([
      { row: 2, column: 'progress', message: 'must be 100 when the status is COMPLETED' },
    ]);
    expect(planAt(valid({ code: 'N', title: 't', status: 'NOT_REPORTED', progress: '10' }), undefined).errors).toEqual([
      { row: 2, column: 'progress', message: 'must be empty while the status is NOT_REPORTED' },
    ]);
    expect(planAt(valid({ code: 'N', title: 't', startDate: '2025-01-01', dueDate: '2024-01-01' }), undefined).errors).toEqual([
      { row: 2, column: 'dueDate', message: 'must not be before startDate' },
    ]);
  });

  it('refuses a sub-task under an archived parent, new or stored', () => {
    const archived = (code: string) => code === 'K-99';
    expect(planAt(valid({ code: 'N', title: 't', parentCode: 'K-99' }), undefined, archived).errors).toEqual([
      { row: 2, column: 'parentCode', message: 'the parent task is archived' },
    ]);
    expect(planAt(valid({ code: 'K-01', title: '任务', parentCode: 'K-99' }), stored(), archived).errors).toEqual([
      { row: 2, column: 'parentCode', message: 'the parent task is archived' },
    ]);
  });

  it('refuses to move a reported task back to NOT_REPORTED', () => {
    expect(planAt(valid({ code: 'K-01', title: '任务', status: 'NOT_REPORTED', progress: '' }), stored()).errors).toEqual([
      { row: 2, column: 'status', message: 'a reported task does not go back to NOT_REPORTED' },
    ]);
  });

  it('leaves a row equal to the stored task unchanged, whatever its version', () => {
    expect(planAt(valid(same), stored()).plan).toEqual({ kind: 'unchanged', row: 2 });
    expect(planAt(valid({ ...same, version: '1' }), stored()).plan).toEqual({ kind: 'unchanged', row: 2 });
  });

  it('changes only the cells that differ, expecting the stored version', () => {
    expect(planAt(valid({ ...same, progress: '60', leadRegions: 'JS|SH|ZJ' }), stored()).plan).toEqual({
      kind: 'update',
      row: 2,
      task: stored(),
      change: { progress: 60, leadRegions: ['JS', 'SH', 'ZJ'] },
      expectedVersion: 3,
    });
  });

  it('leaves fields of columns the file lacks as they are', () => {
    expect(planAt(valid({ code: 'K-01', title: '新标题' }), stored()).plan).toMatchObject({ kind: 'update', change: { title: '新标题' } });
  });

  it('refuses a change from a file read at an older version', () => {
    expect(planAt(valid({ ...same, version: '2', progress: '60' }), stored()).errors).toEqual([
      { row: 2, column: 'version', message: expect.stringMatching(/read at version 2.*now at version 3/) },
    ]);
  });

  it('refuses to touch an archived task', () => {
    expect(planAt(valid({ code: 'K-01', title: 'x' }), stored({ archived: true })).errors).toEqual([
      { row: 2, column: 'code', message: expect.stringMatching(/archived/) },
    ]);
  });

  it('checks COMPLETED and the dates against the task as it would become', () => {
    const completed = stored({ status: TaskStatus.COMPLETED, progress: 100 });
    expect(planAt(valid({ code: 'K-01', title: '任务', progress: '50' }), completed).errors).toEqual([
      { row: 2, column: 'progress', message: 'a COMPLETED task keeps progress 100' },
    ]);
    expect(planAt(valid({ code: 'K-01', title: '任务', status: 'COMPLETED' }), stored()).plan).toMatchObject({
      kind: 'update',
      change: { status: 'COMPLETED' },
    });
    expect(planAt(valid({ code: 'K-01', title: '任务', startDate: '2027-01-01' }), stored()).errors).toEqual([
      { row: 2, column: 'startDate', message: 'must not be after dueDate' },
    ]);
  });
});

describe('CSV formula escaping', () => {
  it.each(['=SUM(A1)', '+1', '-2', '@x', "'=x", "''=y", '普通', "'plain", ''])('round-trips %j', (text) => {
    expect(unescapeCsvCell(escapeCsvCell(text))).toBe(text);
  });

  it('quotes a cell a spreadsheet would run', () => {
    expect(escapeCsvCell('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(escapeCsvCell('长三角')).toBe('长三角');
  });
});

describe('sortErrors', () => {
  it('orders by row, whole-file errors first, then by column order', () => {
    expect(
      sortErrors([
        { row: 3, column: 'title', message: '' },
        { row: 2, column: 'progress', message: '' },
        { row: 2, column: 'code', message: '' },
        { row: null, column: null, message: '' },
      ]).map((e) => [e.row, e.column]),
    ).toEqual([
      [null, null],
      [2, 'code'],
      [2, 'progress'],
      [3, 'title'],
    ]);
  });
});
