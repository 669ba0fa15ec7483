import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { HouseholdEntity } from '../../households/entities/household.entity.js';

/**
 * A match: signals of two or more organisations about one household. Recorded once per household and episode
 * (unique index), so concurrent signals can never produce two; later organisations join it.
 */
@Entity('signal_match')
@Unique('uq_signal_match_tenant_id', ['tenantId', 'id'])
@Index('uq_signal_match_household_episode', ['householdId', 'episode'], { unique: true })
@ForeignKey(() => HouseholdEntity, ['tenantId', 'householdId'], ['tenantId', 'id'], { name: 'fk_signal_match_household' })
export class SignalMatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @Column({ type: 'int' })
  episode: number;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
