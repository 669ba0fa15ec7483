import { defineErrors } from '../../common/domain-error.js';

export const WebhookErrors = defineErrors({
  WEBHOOK_NOT_FOUND: { status: 404, title: { nl: 'Webhook niet gevonden', en: 'Webhook not found' } },
  DELIVERY_NOT_FOUND: { status: 404, title: { nl: 'Aflevering niet gevonden', en: 'Delivery not found' } },
  INSECURE_URL: { status: 422, title: { nl: 'Webhook-URL moet https gebruiken', en: 'Webhook URL must use https' } },
  SUBSCRIPTION_DISABLED: { status: 409, title: { nl: 'Abonnement staat uit', en: 'Subscription is disabled' } },
  DESTINATION_REFUSED: { status: 422, title: { nl: 'Bestemming van de webhook geweigerd', en: 'Webhook destination refused' } },
});
