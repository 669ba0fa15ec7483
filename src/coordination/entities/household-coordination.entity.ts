import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';
import { COORDINATION_STATES, sqlList, VACANCY_REASONS, type CoordinationState, type VacancyReason } from '../coordination-states.js';

/**
 * The coordination state of a household, kept by database triggers on household, coordinator_assignment and
 * coordinator_handover (migration CoordinationStates), so every path that changes an assignment — one hand-over,
 * a bulk caseload hand-over, closing, the seed — leaves a state that agrees with the assignments: `assigned` or
 * `handover_proposed` while an assignment is open, otherwise `vacant` with since and reason. Never implicit.
 */
@Entity('household_coordination')
@Check('ck_household_coordination_state', `"state" IN (${sqlList(COORDINATION_STATES)})`)
@Check('ck_household_coordination_reason', `"vacant_reason" IS NULL OR "vacant_reason" IN (${sqlList(VACANCY_REASONS)})`)
@Check('ck_household_coordination_vacancy', `("state" = 'vacant') = ("vacant_since" IS NOT NULL) AND ("state" = 'vacant') = ("vacant_reason" IS NOT NULL)`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_household_coordination_household', onDelete: 'CASCADE' })
export class HouseholdCoordinationEntity {
  @PrimaryColumn({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'varchar', length: 20 })
  state: CoordinationState;

  @Column({ type: 'timestamptz', nullable: true })
  vacantSince: Date | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  vacantReason: VacancyReason | null;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
