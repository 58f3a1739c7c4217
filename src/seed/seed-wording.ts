// What the words of a source mean for a stored record (issue 10), as pure functions: the qualifier a figure's wording
// implies, and the task statuses a quote's wording supports. The seed's tests hold every seeded record to them.
import type { FigureQualifier } from './seed.types';

/** A number as written: digits with optional thousands commas and decimals. */
const NUMBER = /\d[\d,]*(?:\.\d+)?/;

/** Words before a number, and after it (with its unit), that bound it. Order matters: 不超过 contains 超. */
const BEFORE: [RegExp, FigureQualifier][] = [
  [/(不超过|不超過|no more than|at most)\s*$/i, 'AT_MOST'],
  [/(不少于|不少於|至少|不低于|不低於|at least)\s*$/i, 'AT_LEAST'],
  [/(超过|超過|超|逾|突破|over|more than|above)\s*$/i, 'OVER'],
  [/(近|约|約|将近|將近|接近|about|nearly|around|approximately)\s*$/i, 'ABOUT'],
];
/** A measure word or unit between a number and a bounding word ("60万个以上", "90%以上", "1.9之内"). */
const UNIT = '(?:%|个|個|项|項|家|台|套|条|條|座|名|人|次|辆|輛|公里|千米|km)?';
const AFTER: [RegExp, FigureQualifier][] = [
  [/^(余|餘|多)/, 'OVER'],
  [new RegExp(`^${UNIT}(以内|以內|之内|之內)`), 'AT_MOST'],
  [new RegExp(`^${UNIT}以上`), 'OVER'],
  [new RegExp(`^${UNIT}左右`), 'ABOUT'],
];

/**
 * The qualifier a figure's wording implies: 超/余/以上/逾/多/突破 → OVER, 近/约/左右 → ABOUT, 不少于/至少 → AT_LEAST,
 * 不超过/以内 → AT_MOST, a plain number → EXACT. `phrase` holds one number with the words around it ("超7100公里",
 * "1300余万人次", "90%以上"); the words must touch the number or its unit.
 */
export function qualifierFromPhrase(phrase: string): FigureQualifier {
  const m = NUMBER.exec(phrase);
  if (!m) throw new Error(`No number in "${phrase}"`);
  const before = phrase.slice(Math.max(0, m.index - 16), m.index);
  // Past the 万/亿 magnitude, so "1.5万余家" reads 余 and "60万个以上" reads 以上 ("1300余万" reads 余 before it).
  const after = phrase.slice(m.index + m[0].length).replace(/^(万|萬|亿|億)/, '');
  for (const [re, q] of BEFORE) if (re.test(before)) return q;
  for (const [re, q] of AFTER) if (re.test(after)) return q;
  return 'EXACT';
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ways a source may write `value`: 4150, 4,150, 6704.4, 4600万 / 4600萬, 1.7亿, and 90 for 90%. */
function renderings(value: number): RegExp[] {
  const plain = [String(value), value.toLocaleString('en-US', { maximumFractionDigits: 4 })];
  // Not part of a longer number: no digit (or digit and separator) before it, none after it.
  const out = [...new Set(plain)].map((s) => new RegExp(`(?<!\\d)(?<!\\d[.,])${escape(s)}(?!\\d|[.,]\\d)`));
  for (const [unit, chars] of [
    [1e8, '亿億'],
    [1e4, '万萬'],
  ] as const) {
    const scaled = value / unit;
    if (value >= unit && Number.isFinite(scaled) && Number(scaled.toFixed(4)) === scaled) {
      out.push(new RegExp(`(?<!\\d)(?<!\\d[.,])${escape(String(scaled))}(?=(余|餘|多)?[${chars}])`));
    }
  }
  return out;
}

/**
 * The phrase of `quote` that states `value`: the number as the quote writes it with up to 16 characters either side,
 * cut at sentence punctuation. Null when the quote does not contain the figure.
 */
export function figurePhrase(quote: string, value: number): string | null {
  for (const re of renderings(value)) {
    const m = re.exec(quote);
    if (!m) continue;
    const start = Math.max(0, m.index - 16);
    // Words before the figure up to the previous punctuation or number; words after it up to the next punctuation.
    const head = (
      quote
        .slice(start, m.index)
        .split(/[。;；,，、]/)
        .at(-1) ?? ''
    ).replace(/^.*\d/, '');
    const tail = quote
      .slice(m.index + m[0].length)
      .split(/[。;；,，、]/)[0]
      .slice(0, 16);
    return head + m[0] + tail;
  }
  return null;
}

/** Words that support a status a seeded task update records (simplified and traditional forms). */
export const STATUS_WORDS: Record<'COMPLETED' | 'IN_PROGRESS', string[]> = {
  COMPLETED: ['建成', '已完成', '完成', '通车', '通車', '正式开通', '正式開通', '开通上线', '開通上線', '注册成立', '注冊成立'],
  IN_PROGRESS: [
    '加快实施',
    '加快實施',
    '推进中',
    '推進中',
    '已开工',
    '已開工',
    '开工',
    '開工',
    '加快推进',
    '加快推進',
    '持续推进',
    '持續推進',
    '正在',
    '已通车',
    '已通車',
    '建成通车',
    '建成通車',
    '签署',
    '簽署',
    '揭牌',
    '注册成立',
    '注冊成立',
    '成立',
    '组建了',
    '組建了',
    '启动',
    '啟動',
    '推出',
    '实现',
    '實現',
    '累计',
    '累計',
    '已有',
    '上线',
    '上線',
    '发布',
    '發布',
    '已对外发布',
  ],
};

/** The statuses whose words appear in `quote`. */
export function statusesStatedIn(quote: string): string[] {
  return Object.entries(STATUS_WORDS)
    .filter(([, words]) => words.some((w) => quote.includes(w)))
    .map(([s]) => s);
}
