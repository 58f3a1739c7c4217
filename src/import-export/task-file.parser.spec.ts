import { performance } from 'node:perf_hooks';
import { DomainException } from '../common/errors/domain.exception';
import { ImportFormat } from './import-format';
import { MAX_CSV_CELL_CHARS, MAX_CSV_CELLS_PER_ROW } from './import-limits';
import { csvShapeProblem, parseTaskFile } from './task-file.parser';

describe('parseTaskFile on hostile CSV', () => {
  it('refuses a 45 MB line of commas early, without building its cells', async () => {
    const commas = ','.repeat(45 * 1024 * 1024);
    const started = performance.now();
    const parsed = await parseTaskFile(ImportFormat.CSV, commas, 50_000, 'P');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed).toEqual({ rows: [], errors: [{ row: 1, column: null, message: expect.stringContaining(`at most ${MAX_CSV_CELLS_PER_ROW} cells`) }] });
  });

  it('refuses a cell longer than the limit, quoted or not, naming its row', async () => {
    const long = 'x'.repeat(MAX_CSV_CELL_CHARS + 1);
    for (const body of [`code,title\nK-1,${long}\n`, `code,title\nK-1,"${long}`, `code,title\nK-1,${long}`]) {
      expect(await csvShapeProblem(body, 10)).toEqual({ row: 2, message: expect.stringContaining('characters') });
    }
    expect(await csvShapeProblem(`code,title\nK-1,"${'x'.repeat(MAX_CSV_CELL_CHARS - 10)}"\n`, 10)).toBeNull();
  });

  it('counts rows as the parser does: quoted line breaks and doubled quotes stay inside their cell', async () => {
    const body = 'code,title\nK-1,"a\r\nb ""q"", c"\nK-2,"x\ny"\n\nK-3,z';
    expect(await csvShapeProblem(body, 5)).toBeNull();
    expect(await csvShapeProblem(body, 4)).toEqual({ tooManyRows: true });
    const parsed = await parseTaskFile(ImportFormat.CSV, body, 4, 'P');
    expect(parsed.rows.map((r) => [r.row, r.cells.title])).toEqual([
      [2, 'a\r\nb "q", c'],
      [3, 'x\ny'],
      [5, 'z'],
    ]);
  });

  it('refuses more rows than the limit with the coded error, before parsing', async () => {
    const body = `code,title\n${Array.from({ length: 11 }, (_, i) => `K-${i},t`).join('\n')}`;
    await expect(parseTaskFile(ImportFormat.CSV, body, 10, 'P')).rejects.toBeInstanceOf(DomainException);
    expect((await parseTaskFile(ImportFormat.CSV, body, 11, 'P')).rows).toHaveLength(11);
  });

  it('still reports broken quoting at the row where reading failed', async () => {
    const parsed = await parseTaskFile(ImportFormat.CSV, 'code,title\nK-1,ok\nK-2,"bad"x\n', 10, 'P');
    expect(parsed.errors).toEqual([{ row: 3, column: null, message: expect.stringMatching(/cannot be read from this row on/) }]);
  });
});
