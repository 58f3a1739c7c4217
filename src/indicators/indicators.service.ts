import { pageInfoOf } from '../common/pagination/page-info';
import { PageRequest } from '../common/pagination/pagination.args';
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

  /** Every indicator, tied to a plan or not, by code: a keyset page on (code, id), forward or backward. */
  async page(page: PageRequest): Promise<IndicatorConnection> {
    const pos = page.cursor ? decodeCursor(page.cursor, ORDER, (k) => typeof k === 'string') : null;
    const qb = this.ds.getRepository(IndicatorEntity).createQueryBuilder('i');
    const dir = page.backward ? 'DESC' : 'ASC';
    const [found, totalCount] = await Promise.all([
      page.size === 0
        ? Promise.resolve([])
        : qb
            .clone()
            .where(pos ? `(i.code, i.id) ${page.backward ? '<' : '>'} (:code, :id)` : 'true', pos ? { code: pos.key, id: pos.id } : {})
            .orderBy('i.code', dir)
            .addOrderBy('i.id', dir)
            .limit(page.size + 1)
            .getMany(),
      qb.getCount(),
    ]);
    const rows = found.slice(0, page.size);
    if (page.backward) rows.reverse();
    const edges = rows.map((node) => ({ cursor: encodeCursor({ order: ORDER, key: node.code, id: node.id }), node }));
    return { edges, pageInfo: pageInfoOf(edges, page, found.length > page.size), totalCount };
  }
}
