import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { PlanEntity } from './plan.entity.js';

/** Netwerk: informal support around the family — relatives, neighbours, volunteers, a coach. */
@Entity('plan_network_member')
@Unique('uq_plan_network_member_plan_id', ['planId', 'id'])
@Index('ix_plan_network_member_plan', ['planId'])
@ForeignKey(() => PlanEntity, ['tenantId', 'planId'], ['tenantId', 'id'], { name: 'fk_plan_network_member_plan', onDelete: 'CASCADE' })
export class PlanNetworkMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** e.g. "grandmother", "neighbour", "football coach". */
  @Column({ type: 'varchar', length: 100 })
  relation: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  support: string | null;
}
