import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { HouseholdEntity } from '../../../households/entities/household.entity.js';
import { ProfessionalEntity } from '../../../professionals/entities/professional.entity.js';
import { CONTACT_KINDS, type ContactKind } from '../contact-kind.js';

/** Contactmoment: a dated contact with the household (home visit, call, meeting), with a short note. */
@Entity('contact')
@Unique('uq_contact_tenant_id', ['tenantId', 'id'])
@Index('ix_contact_household_occurred', ['householdId', 'occurredAt', 'id'])
@Check('ck_contact_kind', `"kind" IN (${CONTACT_KINDS.map((k) => `'${k}'`).join(', ')})`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_contact_household' })
@ForeignKey(() => ProfessionalEntity, ['tenantId', 'recordedById'], ['tenantId', 'id'], { name: 'fk_contact_recorded_by' })
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ContactKind;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'uuid' })
  recordedById: string;

  @Column({ type: 'varchar', length: 2000 })
  note: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
