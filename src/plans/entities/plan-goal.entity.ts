import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { LifeDomainEntity } from '../../tenants/entities/life-domain.entity.js';
import { GOAL_STATUSES, sqlList, type GoalStatus } from '../plan-values.js';
import { PlanEntity } from './plan.entity.js';

/** Doel: an outcome in one life domain of the tenant's list. */
@Entity('plan_goal')
@Unique('uq_plan_goal_plan_id', ['tenantId', 'planId', 'id'])
@Index('ix_plan_goal_plan', ['planId', 'position'])
@Check('ck_plan_goal_status', `"status" IN (${sqlList(GOAL_STATUSES)})`)
@ForeignKey(() => PlanEntity, ['tenantId', 'planId'], ['tenantId', 'id'], { name: 'fk_plan_goal_plan', onDelete: 'CASCADE' })
@ForeignKey(() => LifeDomainEntity, ['tenantId', 'domainCode'], ['tenantId', 'code'], { name: 'fk_plan_goal_domain' })
export class PlanGoalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'varchar', length: 40 })
  domainCode: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: GoalStatus;

  @Column({ type: 'date', nullable: true })
  targetDate: string | null;

  @Column({ type: 'int' })
  position: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
