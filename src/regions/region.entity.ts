import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A province-level member of the plan (Shanghai, Jiangsu, Zhejiang, Anhui). Rows are inserted by a migration. */
@Entity({ name: 'region' })
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code: string;

  @Column({ type: 'integer' })
  ordinal: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ type: 'varchar', length: 8 })
  abbreviation: string;
}
