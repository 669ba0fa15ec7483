import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { PlanActionEntity } from '../../plans/entities/plan-action.entity.js';

/**
 * That `action.overdue` was emitted for an action and the due date it had then. The unique index is what makes
 * the daily job emit once per action and due date, however often it runs and on how many replicas; moving the
 * due date later makes a new notice possible when that date passes too.
 */
@Entity('action_overdue_notice')
@Index('uq_action_overdue_notice', ['actionId', 'dueDate'], { unique: true })
@Index('ix_action_overdue_notice_household', ['householdId'])
@ForeignKey(() => PlanActionEntity, ['actionId'], ['id'], { name: 'fk_action_overdue_notice_action', onDelete: 'CASCADE' })
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_action_overdue_notice_household' })
export class ActionOverdueNoticeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  actionId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'timestamptz' })
  notifiedAt: Date;
}
