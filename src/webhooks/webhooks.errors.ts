import { defineErrors } from '../common/domain-error.js';

export const WebhookErrors = defineErrors({
  WEBHOOK_NOT_FOUND: { status: 404, title: 'Webhook not found' },
  DELIVERY_NOT_FOUND: { status: 404, title: 'Delivery not found' },
  INSECURE_URL: { status: 400, title: 'Webhook URL must use https' },
  SUBSCRIPTION_DISABLED: { status: 409, title: 'Subscription is disabled' },
  DESTINATION_REFUSED: { status: 400, title: 'Webhook destination refused' },
  NOTHING_TO_CHANGE: { status: 400, title: 'Nothing to change' },
});
