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
import { WebhookSecurity1764400100000 } from './1764400100000-webhook-security.js';
import { OperationsLog1764400200000 } from './1764400200000-operations-log.js';
import { TenantNameUnique1764400210000 } from './1764400210000-tenant-name-unique.js';
import { DatabaseLogins1764400300000 } from './1764400300000-database-logins.js';
import { AuditCallerRequestId1764400400000 } from './1764400400000-audit-caller-request-id.js';
import { IdempotencyReplay1764400500000 } from './1764400500000-idempotency-replay.js';
import { ActionOverdue1764400700000 } from './1764400700000-action-overdue.js';
import { PeopleAdmin1764400710000 } from './1764400710000-people-admin.js';
import { CoordinationStates1764400720000 } from './1764400720000-coordination-states.js';
import { AuditV21764500000000 } from './1764500000000-audit-v2.js';
import { SignalIntakeItems1764501000000 } from './1764501000000-signal-intake-items.js';
import { RetentionLegalHold1764600000000 } from './1764600000000-retention-legal-hold.js';
import { PrivacyRequests1764600100000 } from './1764600100000-privacy-requests.js';
import { PurposeLimitation1764600200000 } from './1764600200000-purpose-limitation.js';
import { EmergencyAccess1764600300000 } from './1764600300000-emergency-access.js';
import { PrincipalChangedNotify1764600400000 } from './1764600400000-principal-changed-notify.js';
import { CaseReadIndexes1764600500000 } from './1764600500000-case-read-indexes.js';
import { EscalationAbout1764600600000 } from './1764600600000-escalation-about.js';
import { PrivacyRequestRetention1764600650000 } from './1764600650000-privacy-request-retention.js';
import { AuditChainForm1764600700000 } from './1764600700000-audit-chain-form.js';
import { PlanVersionConflict1764600800000 } from './1764600800000-plan-version-conflict.js';
import { OutboxWakeAfterCommit1764600900000 } from './1764600900000-outbox-wake-after-commit.js';
import { PlanActionGuardOnlyMemberOwned1764601000000 } from './1764601000000-plan-action-guard-only-member-owned.js';
import { AuditChainForm31764601100000 } from './1764601100000-audit-chain-form-3.js';
import { RestrictionCoversEscalationsConsentsLinks1764601200000 } from './1764601200000-restriction-covers-escalations-consents-links.js';
import { IdempotencyReaderScope1764601300000 } from './1764601300000-idempotency-reader-scope.js';
import { CaseChangeRaces1764601400000 } from './1764601400000-case-change-races.js';
import { RestrictionCoversWiderLinks1764601500000 } from './1764601500000-restriction-covers-wider-links.js';
import { ErasureCoversEmergencyAccess1764601600000 } from './1764601600000-erasure-covers-emergency-access.js';
import { LinkProfessionalHistory1764601700000 } from './1764601700000-link-professional-history.js';
import { StallHistoryStart1764601800000 } from './1764601800000-stall-history-start.js';
import { PlanAccessEpoch1764601900000 } from './1764601900000-plan-access-epoch.js';
import { MemberOwnsOpenActions1764602000000 } from './1764602000000-member-owns-open-actions.js';

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
  WebhookSecurity1764400100000,
  OperationsLog1764400200000,
  TenantNameUnique1764400210000,
  DatabaseLogins1764400300000,
  AuditCallerRequestId1764400400000,
  IdempotencyReplay1764400500000,
  ActionOverdue1764400700000,
  PeopleAdmin1764400710000,
  CoordinationStates1764400720000,
  AuditV21764500000000,
  SignalIntakeItems1764501000000,
  RetentionLegalHold1764600000000,
  PrivacyRequests1764600100000,
  PurposeLimitation1764600200000,
  EmergencyAccess1764600300000,
  PrincipalChangedNotify1764600400000,
  CaseReadIndexes1764600500000,
  EscalationAbout1764600600000,
  PrivacyRequestRetention1764600650000,
  AuditChainForm1764600700000,
  PlanVersionConflict1764600800000,
  OutboxWakeAfterCommit1764600900000,
  PlanActionGuardOnlyMemberOwned1764601000000,
  AuditChainForm31764601100000,
  RestrictionCoversEscalationsConsentsLinks1764601200000,
  IdempotencyReaderScope1764601300000,
  CaseChangeRaces1764601400000,
  RestrictionCoversWiderLinks1764601500000,
  ErasureCoversEmergencyAccess1764601600000,
  LinkProfessionalHistory1764601700000,
  StallHistoryStart1764601800000,
  PlanAccessEpoch1764601900000,
  MemberOwnsOpenActions1764602000000,
];
