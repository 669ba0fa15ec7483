import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity.js';

/** Leefgebied: the tenant's reference list of life domains that goals and assessments use. */
@Entity('life_domain')
@ForeignKey(() => TenantEntity, ['tenantId'], ['id'], { name: 'fk_life_domain_tenant', onDelete: 'CASCADE' })
export class LifeDomainEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  labelNl: string;

  @Column({ type: 'varchar', length: 100 })
  labelEn: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
