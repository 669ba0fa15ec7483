import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { ContactMemberEntity } from './entities/contact-member.entity.js';
import { ContactEntity } from './entities/contact.entity.js';

export interface ContactRow {
  contact: ContactEntity;
  recordedByName: string;
  members: Array<{ memberId: string; name: string }>;
}

@Injectable()
export class ContactsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get contacts() {
    return this.tx.manager.getRepository(ContactEntity);
  }

  async insert(values: Pick<ContactEntity, 'tenantId' | 'householdId' | 'kind' | 'occurredAt' | 'recordedById' | 'note'>, memberIds: string[]): Promise<ContactEntity> {
    const contact = await this.contacts.save(this.contacts.create(values));
    if (memberIds.length > 0) {
      await this.tx.manager.getRepository(ContactMemberEntity).insert(memberIds.map((memberId) => ({ contactId: contact.id, memberId, tenantId: values.tenantId })));
    }
    return contact;
  }

  async findInHousehold(tenantId: string, householdId: string, contactId: string): Promise<ContactRow | undefined> {
    const [row] = await this.load(this.withNames().where('c.tenant_id = :tenantId AND c.household_id = :householdId AND c.id = :contactId', { tenantId, householdId, contactId }));
    return row;
  }

  /** Newest first by when the contact took place; keyset on (occurred_at, id). */
  listPage(tenantId: string, householdId: string, limit: number, before?: [string, string]): Promise<ContactRow[]> {
    const qb = this.withNames().where('c.tenant_id = :tenantId AND c.household_id = :householdId', { tenantId, householdId });
    if (before) qb.andWhere('(c.occurred_at, c.id) < (:beforeAt, :beforeId)', { beforeAt: before[0], beforeId: before[1] });
    return this.load(qb.orderBy('c.occurred_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1));
  }

  private withNames() {
    return this.contacts.createQueryBuilder('c').innerJoin('professional', 'p', 'p.id = c.recorded_by_id').addSelect('p.name', 'recorded_by_name');
  }

  private async load(qb: ReturnType<ContactsRepository['withNames']>): Promise<ContactRow[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ recorded_by_name: string }>();
    const members = await this.membersOf(entities.map((c) => c.id));
    return entities.map((contact, i) => ({ contact, recordedByName: raw[i]!.recorded_by_name, members: members.get(contact.id) ?? [] }));
  }

  /** Members present per contact, in household order (date of birth). */
  async membersOf(contactIds: string[]): Promise<Map<string, Array<{ memberId: string; name: string }>>> {
    const out = new Map<string, Array<{ memberId: string; name: string }>>();
    if (contactIds.length === 0) return out;
    const rows = await this.tx.manager.query<Array<{ contact_id: string; member_id: string; name: string }>>(
      `SELECT cm.contact_id, cm.member_id, m.given_name || ' ' || m.family_name AS name
         FROM contact_member cm JOIN member m ON m.id = cm.member_id
        WHERE cm.contact_id = ANY($1::uuid[])
        ORDER BY m.date_of_birth, m.id`,
      [contactIds],
    );
    for (const r of rows) {
      const list = out.get(r.contact_id) ?? [];
      list.push({ memberId: r.member_id, name: r.name });
      out.set(r.contact_id, list);
    }
    return out;
  }
}
