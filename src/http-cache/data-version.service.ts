import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { todayIn } from '../common/time-zone';
import { prepared } from '../common/sql/prepared';
import { inBackground } from '../common/sql/background';
import { CoalescedRead } from './coalesced-read';

// The sum of the version slots (migration DataVersion: it grows with every committed write), and "today" in each
// plan's time zone as the database sees it: `overdue` and every "today" rule change at midnight with no write.
const DATA_STATE_TEXT = `SELECT (SELECT sum(version) FROM data_version)::text AS version,
  (SELECT coalesce(string_agg(z || '=' || (now() AT TIME ZONE z)::date, ',' ORDER BY z), '') FROM (SELECT DISTINCT time_zone AS z FROM plan) p) AS days`;
const DATA_STATE_SQL = prepared(DATA_STATE_TEXT);
/** The same, sent by the answer cache's periodic check (marked: counted apart from any request's statements). */
const DATA_STATE_CHECK_SQL = prepared(inBackground(DATA_STATE_TEXT));

/**
 * What every GraphQL answer depends on besides its request: read from the database at the start of the request,
 * before execution, so an answer is never tagged with a state newer than the one it read (a write that commits
 * meanwhile only makes the next revalidation miss). Concurrent requests share one read that started after each
 * of them arrived (CoalescedRead).
 */
@Injectable()
export class DataVersionService {
  private readonly reader: CoalescedRead<string>;

  constructor(private readonly ds: DataSource) {
    this.reader = new CoalescedRead(() => this.load());
  }

  /** The data state: version, the plans' days on the database's clock, and the same days on this process's clock. */
  current(): Promise<string> {
    return this.reader.read();
  }

  /** The data state read by a statement of its own, marked as sent in the background (the answer cache's periodic check). */
  check(): Promise<string> {
    return this.load(DATA_STATE_CHECK_SQL);
  }

  private async load(sql = DATA_STATE_SQL): Promise<string> {
    const [row] = (await this.ds.query(sql, [])) as { version: string | null; days: string }[];
    // Task.overdue is computed here, on this process's clock: its days count too.
    const local =
      row.days === ''
        ? ''
        : row.days
            .split(',')
            .map((d) => todayIn(d.slice(0, d.indexOf('='))))
            .join(',');
    return `${row.version}|${row.days}|${local}`;
  }
}
