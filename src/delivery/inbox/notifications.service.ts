import { instantKey } from '../../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { defineErrors } from '../../common/domain-error.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { InboxQueryDto, NotificationDto, NotificationPreferencesDto } from './dto/notification.dto.js';
import { NotificationsRepository } from './notifications.repository.js';

export const NotificationErrors = defineErrors({
  NOTIFICATION_NOT_FOUND: { status: 404, title: { nl: 'Melding niet gevonden', en: 'Notification not found' } },
});

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async inbox(query: InboxQueryDto): Promise<Page<NotificationDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.notifications.inboxPage(this.context.actor.professionalId, query.unread ?? false, limit, after);
    return toPage(rows, limit, (n) => [instantKey(n.createdAt), n.id], (n) => ({
      id: n.id,
      type: n.type,
      householdId: n.householdId,
      data: n.payload,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    }));
  }

  async markRead(id: string): Promise<void> {
    const found = await this.tx.run(() => this.notifications.markRead(this.context.actor.professionalId, id, this.clock.now()));
    if (!found) {
      throw NotificationErrors.create('NOTIFICATION_NOT_FOUND', {
        nl: `Uw inbox heeft geen melding met id ${id}.`,
        en: `Your inbox has no notification with id ${id}.`,
      });
    }
  }

  async markAllRead(): Promise<{ updated: number }> {
    return { updated: await this.tx.run(() => this.notifications.markAllRead(this.context.actor.professionalId, this.clock.now())) };
  }

  async preferences(): Promise<NotificationPreferencesDto> {
    const found = await this.notifications.findPreference(this.context.actor.professionalId);
    return { emailEnabled: found?.emailEnabled ?? false, language: found?.language ?? 'nl' };
  }

  async savePreferences(input: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    const actor = this.context.actor;
    await this.tx.run(() => this.notifications.savePreference({ professionalId: actor.professionalId, tenantId: actor.tenantId, ...input }));
    return this.preferences();
  }
}
