import { bigintId, date, int, oneOf, RowShape, text, textList, timestamp } from './row-shape';

enum Colour {
  RED = 'RED',
  BLUE = 'BLUE',
}

const SHAPE = new RowShape('thing', {
  id: bigintId,
  planId: int,
  name: text,
  nameEn: text.orNull(),
  colour: oneOf(Colour),
  tags: textList,
  dueDate: date.orNull(),
  createdAt: timestamp,
});

describe('RowShape', () => {
  it('names each column after its field in snake_case, for a select list and for JSON', () => {
    expect(SHAPE.columns).toEqual(['id', 'plan_id', 'name', 'name_en', 'colour', 'tags', 'due_date', 'created_at']);
    expect(SHAPE.select('t')).toBe('t.id, t.plan_id, t.name, t.name_en, t.colour, t.tags, t.due_date, t.created_at');
    expect(SHAPE.json('t')).toBe(
      "json_build_object('id', t.id::text, 'planId', t.plan_id, 'name', t.name, 'nameEn', t.name_en, 'colour', t.colour, 'tags', t.tags, " +
        "'dueDate', t.due_date, 'createdAt', t.created_at)",
    );
  });

  it('reads a row as pg returns it (a date at local midnight, a bigint as text) and leaves other columns out', () => {
    const created = new Date('2025-03-01T08:00:00Z');
    const row = { id: '42', plan_id: 7, name: 'n', name_en: null, colour: 'RED', tags: ['a'], due_date: new Date(2025, 0, 31), created_at: created, extra: 1 };
    expect(SHAPE.fromRow(row)).toEqual({
      id: '42',
      planId: 7,
      name: 'n',
      nameEn: null,
      colour: Colour.RED,
      tags: ['a'],
      dueDate: '2025-01-31',
      createdAt: created,
    });
  });

  it('reads the JSON json() builds (timestamps and dates as text)', () => {
    const json = {
      id: '42',
      planId: 7,
      name: 'n',
      nameEn: 'e',
      colour: 'BLUE',
      tags: [],
      dueDate: '2025-01-31',
      createdAt: '2025-03-01T08:00:00.123456+00:00',
    };
    expect(SHAPE.fromJson(json)).toEqual({ ...json, createdAt: new Date('2025-03-01T08:00:00.123Z') });
  });

  it.each([
    ['a missing column', { plan_id: 7 }, /thing\.id: expected a bigint as text, got undefined/],
    ['null where none is allowed', { id: '1', plan_id: null }, /thing\.plan_id: expected an integer, got null/],
    ['a number as text', { id: '1', plan_id: '7' }, /thing\.plan_id: expected an integer, got "7"/],
    ['a value outside an enum', { id: '1', plan_id: 7, name: 'n', name_en: null, colour: 'GREEN' }, /thing\.colour: expected one of RED, BLUE, got "GREEN"/],
    [
      'an impossible date',
      { id: '1', plan_id: 7, name: 'n', name_en: null, colour: 'RED', tags: [], due_date: '2025-02-30' },
      /thing\.due_date: expected a date or null/,
    ],
  ])('refuses %s, naming the column', (_what, row, message) => {
    expect(() => SHAPE.fromRow(row)).toThrow(message);
  });

  it('refuses something that is not a row', () => {
    expect(() => SHAPE.fromRow(null)).toThrow(TypeError);
  });
});
