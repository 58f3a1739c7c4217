// When two readings conflict, as SQL (issue 10): sources disagree, and the tracker shows it rather than pick one.
//
// A reading states a range: EXACT v is [v, v], OVER v is (v, ∞), AT_LEAST v is [v, ∞), AT_MOST v is (−∞, v], and
// ABOUT v is read as within ABOUT_TOLERANCE of v. Two readings of the same indicator, kind and as-of date conflict when
// their ranges cannot both hold: 95 and 97 bus lines, or targets of about 8,000 and about 9,200 km; "over 6,600" and
// "6,704.4" do not.

/** How far "about v" (近/约/左右) may be from v: 2%, so 近9200 and 9500 are different figures, 1.5万余 and 15,200 are not. */
export const ABOUT_TOLERANCE = 0.02;

const lo = (r: string) => `(CASE WHEN ${r}.qualifier IN ('EXACT', 'OVER', 'AT_LEAST') THEN ${r}.value
  WHEN ${r}.qualifier = 'ABOUT' THEN LEAST(${r}.value * ${1 - ABOUT_TOLERANCE}, ${r}.value * ${1 + ABOUT_TOLERANCE}) END)`;
const hi = (r: string) => `(CASE WHEN ${r}.qualifier IN ('EXACT', 'AT_MOST') THEN ${r}.value
  WHEN ${r}.qualifier = 'ABOUT' THEN GREATEST(${r}.value * ${1 - ABOUT_TOLERANCE}, ${r}.value * ${1 + ABOUT_TOLERANCE}) END)`;
/** `x`'s range ends below where `y`'s begins (a null bound is open-ended; OVER excludes its own value). */
const below = (x: string, y: string) =>
  `(${hi(x)} IS NOT NULL AND ${lo(y)} IS NOT NULL AND (${hi(x)} < ${lo(y)} OR (${hi(x)} = ${lo(y)} AND ${y}.qualifier = 'OVER')))`;

/** Reading `b` conflicts with reading `a`: same indicator, kind and as-of date, and ranges that cannot both hold. */
export const CONFLICT_JOIN = `b.indicator_id = a.indicator_id AND b.kind = a.kind AND b.as_of = a.as_of AND b.id <> a.id
  AND (${below('a', 'b')} OR ${below('b', 'a')})`;

/** Pairs (reading, conflicting reading) for the given reading ids, the conflicting ones by date, then as recorded. */
export const READING_CONFLICTS_SQL = `SELECT a.id::text AS "readingId", b.id::text AS "conflictId"
  FROM indicator_reading a JOIN indicator_reading b ON ${CONFLICT_JOIN}
  WHERE a.id = ANY($1::bigint[]) ORDER BY b.as_of, b.id`;

/** The indicators among the given ids that hold at least one pair of conflicting readings. */
export const INDICATORS_WITH_CONFLICTS_SQL = `SELECT DISTINCT a.indicator_id AS id
  FROM indicator_reading a JOIN indicator_reading b ON ${CONFLICT_JOIN}
  WHERE a.indicator_id = ANY($1::int[])`;
