import { API_CLIENTS_ENTITIES } from './api-clients/api-clients.entities.js';
import { ASSESSMENTS_ENTITIES } from './casework/assessments/assessments.entities.js';
import { AUDIT_ENTITIES } from './audit/audit.entities.js';
import { CARE_TEAM_ENTITIES } from './care-team/care-team.entities.js';
import { CONSENTS_ENTITIES } from './consents/consents.entities.js';
import { CONTACTS_ENTITIES } from './casework/contacts/contacts.entities.js';
import { COORDINATION_ENTITIES } from './coordination/coordination.entities.js';
import type { EntityClass } from './database/entity-class.js';
import { EMERGENCY_ACCESS_ENTITIES } from './emergency-access/emergency-access.entities.js';
import { ESCALATIONS_ENTITIES } from './casework/escalations/escalations.entities.js';
import { EVENTS_ENTITIES } from './events/events.entities.js';
import { HOUSEHOLDS_ENTITIES } from './households/households.entities.js';
import { IDEMPOTENCY_ENTITIES } from './idempotency/idempotency.entities.js';
import { DELIVERY_ENTITIES } from './delivery/delivery.entities.js';
import { OPERATIONS_ENTITIES } from './operations/operations.entities.js';
import { ORGANISATIONS_ENTITIES } from './organisations/organisations.entities.js';
import { PLANS_ENTITIES } from './plans/plans.entities.js';
import { PRIVACY_REQUESTS_ENTITIES } from './privacy/requests/privacy-requests.entities.js';
import { PROFESSIONALS_ENTITIES } from './professionals/professionals.entities.js';
import { QUEUE_ENTITIES } from './queue/queue.entities.js';
import { SIGNALS_ENTITIES } from './signals/signals.entities.js';
import { SUPERVISION_ENTITIES } from './supervision/supervision.entities.js';
import { TENANTS_ENTITIES } from './tenants/tenants.entities.js';
import { RETENTION_ENTITIES } from './privacy/retention/retention.entities.js';
import { LEGAL_HOLDS_ENTITIES } from './privacy/legal-holds/legal-holds.entities.js';

/**
 * Every entity of the application, assembled here in the composition root from each module's own list and
 * handed to the database module (`DatabaseModule.forRoot`) and the schema check: src/database knows no feature.
 * Listed explicitly: globs do not work the same from dist/, Jest and the CLI.
 */
export const APP_ENTITIES: readonly EntityClass[] = [
  ...TENANTS_ENTITIES,
  ...ORGANISATIONS_ENTITIES,
  ...PROFESSIONALS_ENTITIES,
  ...HOUSEHOLDS_ENTITIES,
  ...COORDINATION_ENTITIES,
  ...CARE_TEAM_ENTITIES,
  ...CONSENTS_ENTITIES,
  ...PLANS_ENTITIES,
  ...EVENTS_ENTITIES,
  ...IDEMPOTENCY_ENTITIES,
  ...CONTACTS_ENTITIES,
  ...ASSESSMENTS_ENTITIES,
  ...ESCALATIONS_ENTITIES,
  ...SIGNALS_ENTITIES,
  ...SUPERVISION_ENTITIES,
  ...DELIVERY_ENTITIES,
  ...QUEUE_ENTITIES,
  ...AUDIT_ENTITIES,
  ...API_CLIENTS_ENTITIES,
  ...OPERATIONS_ENTITIES,
  ...EMERGENCY_ACCESS_ENTITIES,
  ...PRIVACY_REQUESTS_ENTITIES,
  ...RETENTION_ENTITIES,
  ...LEGAL_HOLDS_ENTITIES,
];
