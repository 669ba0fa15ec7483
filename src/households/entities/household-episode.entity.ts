import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity } from './household.entity.js';

/** One period of care, from registration (or reopen) to close. */
@Entity('household_episode')
@Index('uq_household_episode_number', ['householdId', 'number'], { unique: true })
@Index('uq_household_episode_open', ['householdId'], { unique: true, where: '"ended_at" IS NULL' })
@Check('ck_household_episode_period', `"ended_at" IS NULL OR "ended_at" >= "started_at"`)
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_household_episode_household' })
export class HouseholdEpisodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  closeReason: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reopenReason: string | null;
}
