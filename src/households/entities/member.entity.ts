import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { MEMBER_ROLES, type MemberRole } from '../household-status.js';
import { HouseholdEntity } from './household.entity.js';

/** Gezinslid. The BSN is stored only encrypted (AES-256-GCM) plus a keyed hash for matching. */
@Entity('member')
@Unique('uq_member_tenant_id', ['tenantId', 'id'])
@Index('ix_member_household', ['householdId'])
@Index('ix_member_birth_date_hash', ['tenantId', 'birthDateHash'])
@Index('ix_member_bsn_hash', ['tenantId', 'bsnHash'])
@Check('ck_member_role', `"role" IN (${MEMBER_ROLES.map((r) => `'${r}'`).join(', ')})`)
@Check('ck_member_bsn_pair', `("bsn_ciphertext" IS NULL) = ("bsn_hash" IS NULL) AND ("bsn_ciphertext" IS NULL) = ("bsn_key_id" IS NULL)`)
@Check('ck_member_date_of_birth', `"date_of_birth" >= DATE '1900-01-01'`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_member_household' })
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  @Column({ type: 'date' })
  dateOfBirth: string;

  @Column({ type: 'varchar', length: 16 })
  role: MemberRole;

  /** Keyed hash (HMAC) of the date of birth, for matching signals. */
  @Column({ type: 'varchar', length: 64 })
  birthDateHash: string;

  @Column({ type: 'text', nullable: true })
  bsnCiphertext: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  bsnKeyId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  bsnHash: string | null;

  /** Removal is soft so that plan history and actions owned by the member stay readable. */
  @Column({ type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
