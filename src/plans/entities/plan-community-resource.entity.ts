import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { PlanEntity } from './plan.entity.js';

/** Voorliggende voorziening: a collective offer the plan uses (community centre, budget course, sports club). */
@Entity('plan_community_resource')
@Index('ix_plan_community_resource_plan', ['planId'])
@ForeignKey(() => PlanEntity, ['tenantId', 'planId'], ['tenantId', 'id'], { name: 'fk_plan_community_resource_plan', onDelete: 'CASCADE' })
export class PlanCommunityResourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  kind: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;
}
