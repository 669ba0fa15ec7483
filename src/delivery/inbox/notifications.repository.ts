import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { NotificationPreferenceEntity } from './entities/notification-preference.entity.js';
import { NotificationEntity } from './entities/notification.entity.js';
import type { StoredDomainEvent } from '../../events/domain-event.js';

export interface PendingEmail {
  notificationId: string;
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(NotificationEntity);
  }

  /**
   * One inbox item per (event, recipient): a second run of the same job inserts nothing. Only active
   * professionals of the event's tenant get one, whatever ids the caller passes.
   */
  async insertForEvent(event: StoredDomainEvent, professionalIds: string[]): Promise<number> {
    if (professionalIds.length === 0) return 0;
    const rows = await this.tx.manager.query<Array<{ id: string }>>(
      `INSERT INTO notification (tenant_id, professional_id, event_id, type, household_id, payload)
       SELECT $1, p.id, $2, $3, $4, $5::jsonb FROM professional p WHERE p.id = ANY($6::uuid[]) AND p.tenant_id = $1 AND p.active
       ON CONFLICT (event_id, professional_id) DO NOTHING RETURNING id`,
      [event.tenantId, event.id, event.type, event.householdId, JSON.stringify(event.payload), professionalIds],
    );
    return rows.length;
  }

  /** Items of this event still to be e-mailed, for recipients who want e-mail. */
  async pendingEmails(eventId: string): Promise<PendingEmail[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(
      `SELECT n.id FROM notification n JOIN notification_preference p ON p.professional_id = n.professional_id
        WHERE n.event_id = $1 AND n.emailed_at IS NULL AND p.email_enabled`,
      [eventId],
    );
    return rows.map((r) => ({ notificationId: r.id }));
  }

  /** Claims an item for e-mail exactly once; false when it was already sent. */
  async claimEmail(notificationId: string): Promise<boolean> {
    const result = await this.tx.manager.query<Array<{ id: string }>>(
      'WITH claimed AS (UPDATE notification SET emailed_at = now() WHERE id = $1 AND emailed_at IS NULL RETURNING id) SELECT id FROM claimed',
      [notificationId],
    );
    return result.length > 0;
  }

  async releaseEmail(notificationId: string): Promise<void> {
    await this.tx.manager.query('UPDATE notification SET emailed_at = NULL WHERE id = $1', [notificationId]);
  }

  async emailContext(notificationId: string): Promise<{ email: string; language: 'nl' | 'en'; type: string; householdId: string | null } | undefined> {
    const [row] = await this.tx.manager.query<Array<{ email: string; language: 'nl' | 'en' | null; type: string; household_id: string | null }>>(
      `SELECT pr.email, pf.language, n.type, n.household_id FROM notification n
         JOIN professional pr ON pr.id = n.professional_id
         LEFT JOIN notification_preference pf ON pf.professional_id = n.professional_id
        WHERE n.id = $1 AND pr.active`,
      [notificationId],
    );
    return row && { email: row.email, language: row.language ?? 'nl', type: row.type, householdId: row.household_id };
  }

  inboxPage(professionalId: string, unreadOnly: boolean, limit: number, after?: [string, string]): Promise<NotificationEntity[]> {
    const qb = this.repo.createQueryBuilder('n').where('n.professional_id = :professionalId', { professionalId });
    if (unreadOnly) qb.andWhere('n.read_at IS NULL');
    if (after) qb.andWhere('(n.created_at, n.id) < (:afterCreated, :afterId)', { afterCreated: after[0], afterId: after[1] });
    return qb.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(limit + 1).getMany();
  }

  async countUnread(professionalId: string): Promise<number> {
    return this.repo.createQueryBuilder('n').where('n.professional_id = :professionalId AND n.read_at IS NULL', { professionalId }).getCount();
  }

  async markRead(professionalId: string, id: string, at: Date): Promise<boolean> {
    const found = await this.repo.findOneBy({ id, professionalId });
    if (!found) return false;
    if (!found.readAt) await this.repo.update({ id }, { readAt: at });
    return true;
  }

  async markAllRead(professionalId: string, at: Date): Promise<number> {
    const result = await this.repo.createQueryBuilder().update().set({ readAt: at }).where('professional_id = :professionalId AND read_at IS NULL', { professionalId }).execute();
    return result.affected ?? 0;
  }

  findPreference(professionalId: string): Promise<NotificationPreferenceEntity | null> {
    return this.tx.manager.getRepository(NotificationPreferenceEntity).findOneBy({ professionalId });
  }

  async savePreference(values: Pick<NotificationPreferenceEntity, 'professionalId' | 'tenantId' | 'emailEnabled' | 'language'>): Promise<void> {
    await this.tx.manager.getRepository(NotificationPreferenceEntity).upsert(values, ['professionalId']);
  }
}
