import { API_CLIENTS_ENTITIES } from '../api-clients/api-clients.entities.js';
import { AUDIT_ENTITIES } from '../audit/audit.entities.js';
import { CASEWORK_ENTITIES } from '../casework/casework.entities.js';
import { NOTIFICATIONS_ENTITIES } from '../notifications/notifications.entities.js';
import { SIGNALS_ENTITIES } from '../signals/signals.entities.js';
import { SUPERVISION_ENTITIES } from '../supervision/supervision.entities.js';
import { CareTeamLinkEntity } from '../care-team/entities/care-team-link.entity.js';
import { CoordinatorAssignmentEntity } from '../coordination/entities/coordinator-assignment.entity.js';
import { CoordinatorHandoverEntity } from '../coordination/entities/coordinator-handover.entity.js';
import { HouseholdCoordinationEntity } from '../coordination/entities/household-coordination.entity.js';
import { OutboxEventEntity } from '../events/entities/outbox-event.entity.js';
import { ConsentEntity } from '../consents/entities/consent.entity.js';
import { IdempotencyRecordEntity } from '../idempotency/entities/idempotency-record.entity.js';
import { HouseholdEpisodeEntity } from '../households/entities/household-episode.entity.js';
import { HouseholdEntity } from '../households/entities/household.entity.js';
import { MemberEntity } from '../households/entities/member.entity.js';
import { OrganisationEntity } from '../organisations/entities/organisation.entity.js';
import { PlanActionEntity } from '../plans/entities/plan-action.entity.js';
import { PlanCommunityResourceEntity } from '../plans/entities/plan-community-resource.entity.js';
import { PlanGoalEntity } from '../plans/entities/plan-goal.entity.js';
import { PlanNetworkMemberEntity } from '../plans/entities/plan-network-member.entity.js';
import { PlanRevisionEntity } from '../plans/entities/plan-revision.entity.js';
import { PlanEntity } from '../plans/entities/plan.entity.js';
import { ProfessionalEntity } from '../professionals/entities/professional.entity.js';
import { LifeDomainEntity } from '../tenants/entities/life-domain.entity.js';
import { LifeDomainRevisionEntity } from '../tenants/entities/life-domain-revision.entity.js';
import { TenantEntity } from '../tenants/entities/tenant.entity.js';
import { OperationsLogEntryEntity } from '../operations/entities/operations-log-entry.entity.js';

/** Listed explicitly: globs do not work the same from dist/, Jest and the CLI. */
export const ENTITIES = [
  TenantEntity,
  LifeDomainEntity,
  OrganisationEntity,
  ProfessionalEntity,
  HouseholdEntity,
  HouseholdEpisodeEntity,
  MemberEntity,
  CoordinatorAssignmentEntity,
  CareTeamLinkEntity,
  PlanEntity,
  PlanGoalEntity,
  PlanNetworkMemberEntity,
  PlanCommunityResourceEntity,
  PlanActionEntity,
  PlanRevisionEntity,
  OutboxEventEntity,
  IdempotencyRecordEntity,
  ConsentEntity,
  ...CASEWORK_ENTITIES,
  ...SIGNALS_ENTITIES,
  ...SUPERVISION_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
  ...AUDIT_ENTITIES,
  ...API_CLIENTS_ENTITIES,
  OperationsLogEntryEntity,
  LifeDomainRevisionEntity,
  HouseholdCoordinationEntity,
  CoordinatorHandoverEntity,
];
