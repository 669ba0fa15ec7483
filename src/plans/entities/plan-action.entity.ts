import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MemberEntity } from '../../households/entities/member.entity.js';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity.js';
import { ProfessionalEntity } from '../../professionals/entities/professional.entity.js';
import { ACTION_OWNER_TYPES, ACTION_STATUSES, sqlList, type ActionOwnerType, type ActionStatus } from '../plan-values.js';
import { PlanGoalEntity } from './plan-goal.entity.js';
import { PlanNetworkMemberEntity } from './plan-network-member.entity.js';

/** Actie: a concrete step towards a goal, with exactly one owner of the declared type. */
@Entity('plan_action')
@Index('ix_plan_action_goal', ['goalId'])
// the plan's actions in order (reading and changing a plan): without it every plan read scans all actions
@Index('ix_plan_action_plan', ['planId', 'createdAt', 'id'])
// the foreign keys' other side: deleting a member or a network member (erasure, the retention purge) checks these
@Index('ix_plan_action_owner_member', ['ownerMemberId'], { where: '"owner_member_id" IS NOT NULL' })
@Index('ix_plan_action_owner_network_member', ['ownerNetworkMemberId'], { where: '"owner_network_member_id" IS NOT NULL' })
@Index('ix_plan_action_open_due', ['tenantId', 'dueDate'], { where: `"status" IN ('open', 'in_progress')` })
@Check('ck_plan_action_status', `"status" IN (${sqlList(ACTION_STATUSES)})`)
@Check('ck_plan_action_owner_type', `"owner_type" IN (${sqlList(ACTION_OWNER_TYPES)})`)
@Check(
  'ck_plan_action_one_owner',
  `num_nonnulls("owner_professional_id", "owner_organisation_id", "owner_member_id", "owner_network_member_id") = 1` +
    ` AND ("owner_type" = 'professional') = ("owner_professional_id" IS NOT NULL)` +
    ` AND ("owner_type" = 'organisation') = ("owner_organisation_id" IS NOT NULL)` +
    ` AND ("owner_type" = 'member') = ("owner_member_id" IS NOT NULL)` +
    ` AND ("owner_type" = 'network_member') = ("owner_network_member_id" IS NOT NULL)`,
)
@Check('ck_plan_action_completed', `("status" = 'done') = ("completed_at" IS NOT NULL)`)
@ForeignKey(() => PlanGoalEntity, ['tenantId', 'planId', 'goalId'], ['tenantId', 'planId', 'id'], {
  name: 'fk_plan_action_goal',
  onDelete: 'CASCADE',
})
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'ownerProfessionalId'], ['tenantId', 'id'], { name: 'fk_plan_action_owner_professional' })
@ForeignKey(() => OrganisationEntity, ['tenantId', 'ownerOrganisationId'], ['tenantId', 'id'], { name: 'fk_plan_action_owner_organisation' })
@ForeignKey(() => MemberEntity, ['tenantId', 'ownerMemberId'], ['tenantId', 'id'], { name: 'fk_plan_action_owner_member' })
@ForeignKey(() => PlanNetworkMemberEntity, ['planId', 'ownerNetworkMemberId'], ['planId', 'id'], {
  name: 'fk_plan_action_owner_network_member',
})
export class PlanActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'uuid' })
  goalId: string;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'varchar', length: 20 })
  ownerType: ActionOwnerType;

  @Column({ type: 'uuid', nullable: true })
  ownerProfessionalId: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerOrganisationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerMemberId: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerNetworkMemberId: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ActionStatus;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
