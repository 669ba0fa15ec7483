import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity } from '../../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../../professionals/entities/professional.entity.js';

/**
 * A legal hold on a household's case (a court case, a complaint, an inspection): while any hold of the household is
 * not lifted, nothing of the case is purged. Placed and lifted by the privacy officer, each with a reason. The
 * database keeps the rule too: an active hold cannot be deleted (trigger), and the foreign key keeps the household
 * while any hold row exists.
 */
@Entity('legal_hold')
@Index('ix_legal_hold_household', ['tenantId', 'householdId', 'placedAt', 'id'])
@Index('ix_legal_hold_active', ['tenantId', 'householdId'], { where: '"lifted_at" IS NULL' })
@Check('ck_legal_hold_lifted', `("lifted_at" IS NULL) = ("lifted_by_id" IS NULL) AND ("lifted_at" IS NULL) = ("lift_reason" IS NULL)`)
@Check('ck_legal_hold_dates', `"lifted_at" IS NULL OR "lifted_at" >= "placed_at"`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_legal_hold_household' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'placedById'], ['tenantId', 'id'], { name: 'fk_legal_hold_placed_by' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'liftedById'], ['tenantId', 'id'], { name: 'fk_legal_hold_lifted_by' })
export class LegalHoldEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ type: 'uuid' })
  placedById: string;

  @Column({ type: 'timestamptz' })
  placedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  liftedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  liftedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  liftReason: string | null;
}
