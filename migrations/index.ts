import { InitialSchema1764380000000 } from './1764380000000-initial-schema.js';
import { CaseworkSchema1764390000000 } from './1764390000000-casework.js';
import { SignalsSchema1764391000000 } from './1764391000000-signals.js';
import { SupervisionSchema1764392000000 } from './1764392000000-supervision.js';
import { NotificationsSchema1764393000000 } from './1764393000000-notifications.js';
import { IdempotencySchema1764394000000 } from './1764394000000-idempotency.js';
import { ConsentsSchema1764395000000 } from './1764395000000-consents.js';
import { RowLevelSecurity1764396000000 } from './1764396000000-row-level-security.js';
import { AuditSchema1764397000000 } from './1764397000000-audit.js';
import { ApiClientsSchema1764398000000 } from './1764398000000-api-clients.js';
import { ConsentRequired1764399000000 } from './1764399000000-consent-required.js';
import { ActionOverdue1764400700000 } from './1764400700000-action-overdue.js';
import { PeopleAdmin1764400710000 } from './1764400710000-people-admin.js';
import { CoordinationStates1764400720000 } from './1764400720000-coordination-states.js';

/** Every migration, in order. Listed explicitly so dist/, Jest and the CLI load the same set. */
export const MIGRATIONS = [
  InitialSchema1764380000000,
  CaseworkSchema1764390000000,
  SignalsSchema1764391000000,
  SupervisionSchema1764392000000,
  NotificationsSchema1764393000000,
  IdempotencySchema1764394000000,
  ConsentsSchema1764395000000,
  RowLevelSecurity1764396000000,
  AuditSchema1764397000000,
  ApiClientsSchema1764398000000,
  ConsentRequired1764399000000,
  ActionOverdue1764400700000,
  PeopleAdmin1764400710000,
  CoordinationStates1764400720000,
];
