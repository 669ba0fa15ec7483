/** Every queue and its job payload, in one place. Payloads carry ids only — never personal data. */
export const QUEUES = {
  /** One job per outbox event: the fan-out to inbox, webhooks and e-mail. */
  events: 'events',
  /** One job per webhook delivery; retried with backoff for up to a day. */
  webhooks: 'webhooks',
  /** One job per notification to e-mail. */
  emails: 'emails',
  /** Scheduled housekeeping (stall evaluation, overdue actions, sweeping expired Idempotency-Key records). */
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface EventJob {
  eventId: string;
}
export interface WebhookJob {
  deliveryId: string;
}
export interface EmailJob {
  notificationId: string;
}
export interface MaintenanceJob {
  task: 'evaluate-stalled-cases' | 'emit-overdue-actions' | 'sweep-idempotency-records';
}

export const jobIds = {
  event: (eventId: string) => `event-${eventId}`,
  delivery: (deliveryId: string, round = 0) => (round === 0 ? `delivery-${deliveryId}` : `delivery-${deliveryId}-r${round}`),
  email: (notificationId: string) => `email-${notificationId}`,
};
