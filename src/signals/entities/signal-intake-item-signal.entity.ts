import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity.js';
import { SignalIntakeItemEntity } from './signal-intake-item.entity.js';
import { SignalEntity } from './signal.entity.js';

/** A signal in an intake item; a signal is part of at most one item (primary key), kept after the item closes. */
@Entity('signal_intake_item_signal')
@Index('ix_signal_intake_item_signal_item', ['intakeItemId', 'joinedAt'])
@ForeignKey(() => SignalIntakeItemEntity, ['tenantId', 'intakeItemId'], ['tenantId', 'id'], { name: 'fk_signal_intake_item_signal_item', onDelete: 'CASCADE' })
@ForeignKey(() => SignalEntity, ['tenantId', 'signalId'], ['tenantId', 'id'], { name: 'fk_signal_intake_item_signal_signal', onDelete: 'CASCADE' })
@ForeignKey(() => OrganisationEntity, ['tenantId', 'organisationId'], ['tenantId', 'id'], { name: 'fk_signal_intake_item_signal_organisation' })
export class SignalIntakeItemSignalEntity {
  @PrimaryColumn({ type: 'uuid' })
  signalId: string;

  @Column({ type: 'uuid' })
  intakeItemId: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  /** The signal's organisation (denormalised so the item's organisations are one index scan away). */
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'timestamptz' })
  joinedAt: Date;
}
