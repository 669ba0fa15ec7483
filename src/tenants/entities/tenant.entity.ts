import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Unique index on lower(name) (migration 1764400210000): two municipalities never share a name, whatever its case. */
export const TENANT_NAME_CONSTRAINT = 'uq_tenant_name_lower';

/** A municipality (gemeente). Data never crosses tenants. */
@Entity('tenant')
// an expression index TypeORM cannot describe: declared here so the schema check leaves it alone
@Index(TENANT_NAME_CONSTRAINT, { synchronize: false })
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 63, unique: true })
  slug: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
