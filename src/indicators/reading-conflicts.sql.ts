// When two readings conflict, as SQL (issue 10): sources disagree, and the tracker shows it rather than pick one.

/**
 * Reading `b` conflicts with reading `a`: the same indicator, kind and as-of date, and a different figure (value or
 * qualifier). Both are kept with their own sources; "OVER 6600" and "6704.4" count as different figures too, so a
 * reader compares the two quotes.
 */
export const CONFLICT_JOIN = `b.indicator_id = a.indicator_id AND b.kind = a.kind AND b.as_of = a.as_of AND b.id <> a.id
  AND (b.value <> a.value OR b.qualifier <> a.qualifier)`;

/** Pairs (reading, conflicting reading) for the given reading ids, the conflicting ones oldest first. */
export const READING_CONFLICTS_SQL = `SELECT a.id::text AS "readingId", b.id::text AS "conflictId"
  FROM indicator_reading a JOIN indicator_reading b ON ${CONFLICT_JOIN}
  WHERE a.id = ANY($1::bigint[]) ORDER BY b.as_of, b.id`;

/** The indicators among the given ids that hold at least one pair of conflicting readings. */
export const INDICATORS_WITH_CONFLICTS_SQL = `SELECT DISTINCT a.indicator_id AS id
  FROM indicator_reading a JOIN indicator_reading b ON ${CONFLICT_JOIN}
  WHERE a.indicator_id = ANY($1::int[])`;
