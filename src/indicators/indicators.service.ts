import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { IndicatorConnection } from './indicator-connection.type';
import { IndicatorEntity } from './indicator.entity';

const ORDER = 'indicator-code';

@Injectable()
export class IndicatorsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  byCode(code: string): Promise<IndicatorEntity | null> {
    return this.ds.getRepository(IndicatorEntity).findOneBy({ code });
  }

  /** Every indicator, tied to a plan or not, by code: a keyset page on (code, id). */
  async page(first: number, after: string | null | undefined): Promise<IndicatorConnection> {
    const pos = after ? decodeCursor(after, ORDER, (k) => typeof k === 'string') : null;
    const qb = this.ds.getRepository(IndicatorEntity).createQueryBuilder('i');
    const [rows, totalCount] = await Promise.all([
      first === 0
        ? Promise.resolve([])
        : qb.clone()
          .where(pos ? '(i.code, i.id) > (:code, :id)' : 'true', pos ? { code: pos.key, id: pos.id } : {})
          .orderBy('i.code', 'ASC').addOrderBy('i.id', 'ASC').limit(first + 1).getMany(),
      qb.getCount(),
    ]);
    const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor({ order: ORDER, key: node.code, id: node.id }), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
  }
}
