import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { MemberEntity } from '../../../households/entities/member.entity.js';
import { ContactEntity } from './contact.entity.js';

/** A household member present at a contact moment. */
@Entity('contact_member')
@Index('ix_contact_member_member', ['memberId'])
@ForeignKey(() => ContactEntity, ['tenantId', 'contactId'], ['tenantId', 'id'], { name: 'fk_contact_member_contact', onDelete: 'CASCADE' })
@ForeignKey(() => MemberEntity, ['tenantId', 'memberId'], ['tenantId', 'id'], { name: 'fk_contact_member_member' })
export class ContactMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  contactId: string;

  @PrimaryColumn({ type: 'uuid' })
  memberId: string;

  @Column({ type: 'uuid' })
  tenantId: string;
}
