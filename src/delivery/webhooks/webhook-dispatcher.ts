import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { Clock } from '../../common/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { createEvent } from '../../events/domain-event.js';
import type { DomainEventType } from '../../events/event-types.js';
import { OutboxRepository } from '../../events/outbox.repository.js';
import { isSignalEvent } from '../recipients/recipient-resolver.js';
import { RecipientsRepository } from '../recipients/recipients.repository.js';
import { DeadLetterService } from '../../queue/dead-letter.service.js';
import { JobWorkers, type JobHandler } from '../../queue/job-workers.js';
import { jobIds, jobOptions, JOBS, type WebhookJob } from '../../queue/jobs.js';
import { QueueBackend } from '../../queue/queue-backend.js';
import { WebhookEgress, type EgressOutcome } from './egress/webhook-egress.js';
import type { AttemptError } from './entities/webhook-attempt.entity.js';
import { buildWebhookPayload, webhookBackoff } from './webhook-payload.js';
import { WebhookSecretCipher } from './webhook-secret-cipher.js';
import { WebhooksRepository } from './webhooks.repository.js';

class DeliveryFailed extends Error {}

/** Pending deliveries queued again per statement after the queue store was reset. */
const REQUEUE_BATCH = 500;

/** Shown to admins (disabled reason, dead letters): as coarse as the delivery log. */
function failureText(outcome: EgressOutcome): string {
  if (outcome.kind === 'answered') return `endpoint answered ${outcome.statusCode}`;
  return outcome.kind === 'refused' ? 'refused destination' : 'no answer from the endpoint';
}

/**
 * Delivers one webhook per job, signed per the Standard Webhooks spec (with the new and, during a rotation's overlap,
 * the previous secret). Every connection goes through WebhookEgress, which refuses non-public destinations when it
 * connects. Non-2xx answers, network errors and refused destinations are retried by BullMQ with backoff; every
 * attempt is logged for the partner coarsely (status code; `no_answer` or `refused_destination`) and in detail
 * (error class, refusal rule — ids only) in the server log. When a delivery runs out of attempts the subscription is
 * disabled and that is announced as the domain event `webhook.disabled` (the fan-out tells the organisation's admins).
 */
@Injectable()
export class WebhookDispatcher implements JobHandler<'deliver'>, OnModuleInit, OnApplicationBootstrap {
  readonly job = 'deliver';
  private readonly logger = new Logger('Webhooks');
  private requeueing?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: OutboxRepository,
    private readonly recipients: RecipientsRepository,
    private readonly queues: QueueBackend,
    private readonly deadLetters: DeadLetterService,
    private readonly cipher: WebhookSecretCipher,
    private readonly egress: WebhookEgress,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly workers: JobWorkers,
  ) {}

  onModuleInit(): void {
    this.workers.register(this);
  }

  onApplicationBootstrap(): void {
    if (this.config.processRole === 'api') return;
    // a store that came back empty lost the jobs of deliveries waiting for their next attempt: the outbox's events
    // count as processed, so nothing else would ever send them (an outside probe found them pending for good)
    this.queues.onStoreReset(() => void this.requeueAfterStoreReset());
  }

  private requeueAfterStoreReset(): Promise<void> {
    this.requeueing ??= (async () => {
      try {
        let requeued = 0;
        let after: string | undefined;
        for (;;) {
          const ids = await this.tx.runAsSystem(() => this.webhooks.pendingDeliveryIds(REQUEUE_BATCH, after));
          if (ids.length === 0) break;
          await this.enqueue(ids);
          requeued += ids.length;
          after = ids.at(-1);
        }
        if (requeued > 0) this.logger.warn({ requeued }, 'queue store was reset; pending webhook deliveries queued again');
      } catch (error) {
        this.logger.warn({ reason: (error as Error).message }, 'could not queue pending webhook deliveries again after the queue store reset');
      }
    })().finally(() => (this.requeueing = undefined));
    return this.requeueing;
  }

  handle(job: Job<WebhookJob>): Promise<void> {
    return this.deliver(job);
  }

  backoff(attemptsMade: number): number {
    return webhookBackoff(attemptsMade, this.config.webhooks.retryBaseMs);
  }

  onFailed(job: Job<WebhookJob>, error: Error): Promise<void> {
    return this.tx.runAsSystem(() => this.recordFailure(job, error));
  }

  /** Queues deliveries still pending; job ids per delivery keep this idempotent. */
  async enqueue(deliveryIds: string[], round = 0): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queues.queue<WebhookJob>(JOBS.deliver.queue).addBulk(
      deliveryIds.map((deliveryId) => ({
        name: JOBS.deliver.name,
        data: { deliveryId },
        opts: jobOptions('deliver', this.config, jobIds.delivery(deliveryId, round)),
      })),
    );
  }

  async deliver(job: Job<WebhookJob>): Promise<void> {
    const context = await this.webhooks.deliveryContext(job.data.deliveryId);
    if (!context || context.status !== 'pending' || !context.enabled) return;
    if (context.withheld) {
      // restricted since it was queued (AVG art. 18): the partner is neither sent nor told about it
      await this.tx.run(() => this.webhooks.withhold(job.data.deliveryId));
      return;
    }
    const body = JSON.stringify(buildWebhookPayload(await this.toldAs(context), `${this.config.publicBaseUrl}/api/v1`));
    const msgId = `evt_${context.event_id}`;
    const timestamp = this.clock.now();
    const signature = this.signatures(context, timestamp)
      .map((secret) => new Webhook(secret).sign(msgId, timestamp, body))
      .join(' ');
    const started = performance.now();
    const outcome = await this.egress.post(
      context.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Eenplan-Webhooks/1',
        'webhook-id': msgId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
    );
    const statusCode = outcome.kind === 'answered' ? outcome.statusCode : null;
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    const error: AttemptError | null = outcome.kind === 'answered' ? null : outcome.kind === 'refused' ? 'refused_destination' : 'no_answer';
    if (outcome.kind !== 'answered') {
      // the detail stays here: in the delivery log it would tell open, closed and filtered ports apart
      this.logger.warn(
        { deliveryId: job.data.deliveryId, subscriptionId: context.subscription_id, ...(outcome.kind === 'refused' ? { refusedBy: outcome.rule } : { reason: outcome.reason }) },
        outcome.kind === 'refused' ? 'webhook destination refused' : 'webhook endpoint gave no answer',
      );
    }
    await this.tx.run(() =>
      this.webhooks.recordAttempt(job.data.deliveryId, { attemptedAt: timestamp, statusCode, durationMs: Math.round(performance.now() - started), error }, ok ? 'succeeded' : 'pending'),
    );
    if (!ok) throw new DeliveryFailed(failureText(outcome));
  }

  /** The current secret and, until its overlap ends, the one it replaced: a partner verifying with either accepts. */
  private signatures(
    context: { secret_ciphertext: string; secret_key_id: string; secret_keyring: 'webhook' | 'bsn'; previous_secret_ciphertext: string | null; previous_secret_key_id: string | null; previous_secret_expires_at: Date | null },
    now: Date,
  ): string[] {
    const secrets = [this.cipher.decrypt(context.secret_ciphertext, context.secret_key_id, context.secret_keyring)];
    if (context.previous_secret_ciphertext && context.previous_secret_key_id && context.previous_secret_expires_at && context.previous_secret_expires_at > now) {
      secrets.push(this.cipher.decrypt(context.previous_secret_ciphertext, context.previous_secret_key_id, 'webhook'));
    }
    return secrets;
  }

  /**
   * The event as the organisation may hear of it (purpose limitation): the life domains and an action's member owner
   * its links cover; a signalling organisation that is not involved with the household learns that it matched, not
   * which household.
   */
  private async toldAs<C extends { event_id: string; type: DomainEventType; household_id: string | null; organisation_id: string; occurred_at: Date; payload: object }>(context: C): Promise<C> {
    const codes = (context.payload as { domainCodes?: unknown }).domainCodes;
    if (context.household_id && Array.isArray(codes) && codes.length > 0) {
      // purpose limitation: the organisation hears of the life domains its links cover, not of the others the change touched
      const covered = await this.recipients.coveredDomainCodes(context.event_id, context.organisation_id, codes as string[]);
      context = { ...context, payload: { ...context.payload, domainCodes: codes.filter((c) => covered.has(c as string)) } };
    }
    const owner = context.payload as { ownerType?: unknown; ownerId?: unknown };
    if (context.household_id && owner.ownerType === 'member' && typeof owner.ownerId === 'string' && !(await this.recipients.seesMember(context.event_id, context.organisation_id, owner.ownerId))) {
      // an action's owner who is a member the organisation may not see is named without an id, as in the plan it reads
      context = { ...context, payload: { ...context.payload, ownerId: null } };
    }
    if (!isSignalEvent(context.type) || !context.household_id) return context;
    const involved = await this.recipients.involvedAt(context.household_id, context.occurred_at);
    if (involved.organisationIds.includes(context.organisation_id)) return context;
    const { householdId: _dropped, ...payload } = context.payload as { householdId?: unknown };
    return { ...context, household_id: null, payload };
  }

  private async recordFailure(job: Job<WebhookJob>, error: Error): Promise<void> {
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    try {
      const context = await this.webhooks.deliveryContext(job.data.deliveryId);
      await this.tx.run(async () => {
        await this.webhooks.markFailed(job.data.deliveryId, this.clock.now());
        // only the delivery that disables it announces it: deliveries of one subscription run out of attempts
        // together (the queue runs 20 at once), and an admin may have disabled it meanwhile — each read `enabled`
        const disabled =
          context?.enabled === true &&
          (await this.webhooks.disableIfEnabled(context.subscription_id, this.clock.now(), `Disabled after ${job.attemptsMade} failed attempts to deliver one event (${error.message}).`));
        if (context && disabled) {
          await this.outbox.record(
            createEvent(
              'webhook.disabled',
              { tenantId: context.tenant_id, aggregateId: context.subscription_id },
              { subscriptionId: context.subscription_id, organisationId: context.organisation_id },
            ),
          );
        }
      });
      await this.deadLetters.recordIfFinal(JOBS.deliver.queue, job, error, context?.tenant_id ?? null);
      this.logger.warn({ deliveryId: job.data.deliveryId, subscriptionId: context?.subscription_id }, 'webhook delivery failed for good; subscription disabled');
    } catch (caught) {
      this.logger.error({ error: (caught as Error).message }, 'could not record a failed webhook delivery');
    }
  }
}
