import { Module, type DynamicModule } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import type { Logger } from 'pino';
import { LoggerModule } from 'nestjs-pino';
import { APP_ENTITIES } from './app.entities.js';
import { AccessModule } from './access/access.module.js';
import { ApiClientsModule } from './api-clients/api-clients.module.js';
import { AuditContext } from './audit/audit-context.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuardModule } from './auth/auth.module.js';
import { ClientPrincipalResolver } from './api-clients/client-principal.resolver.js';
import { ProfessionalPrincipalResolver } from './professionals/professional-principal.resolver.js';
import { ProfessionalPrincipalsModule } from './professionals/professional-principals.module.js';
import { CaseworkModule } from './casework/casework.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { SignalsModule } from './signals/signals.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { CareTeamModule } from './care-team/care-team.module.js';
import { CommonModule } from './common/common.module.js';
import { ConsentsModule } from './consents/consents.module.js';
import { CoordinationModule } from './coordination/coordination.module.js';
import type { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DevIssuerModule } from './demo/dev-issuer.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { HouseholdsModule } from './households/households.module.js';
import { loggerParams } from './logging.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { QueueModule } from './queue/queue.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { IdempotentReplayModule } from './idempotency/idempotent-replay.module.js';
import { RequestTransactionModule } from './database/request-transaction.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { OperationsLogModule } from './operations/operations-log.module.js';
import { PlansModule } from './plans/plans.module.js';
import { ProfessionalsModule } from './professionals/professionals.module.js';
import { TenantsModule } from './tenants/tenants.module.js';
import { ProvisioningModule } from './provisioning/provisioning.module.js';
import { StaffingModule } from './staffing/staffing.module.js';
import { EmergencyAccessModule } from './emergency-access/emergency-access.module.js';
import { RetentionModule } from './privacy/retention/retention.module.js';
import { LegalHoldsModule } from './privacy/legal-holds/legal-holds.module.js';
import { LegalHoldQuery } from './privacy/legal-holds/legal-hold.query.js';
import { registerConstraintErrors } from './common/database-errors.js';
import { CareTeamConstraintErrors } from './care-team/care-team.errors.js';
import { CoordinationConstraintErrors } from './coordination/coordination.errors.js';
import { HouseholdConstraintErrors } from './households/households.errors.js';
import { CaseConstraintErrors } from './households/case-gate.errors.js';
import { OrganisationConstraintErrors } from './organisations/organisations.errors.js';
import { PlanConstraintErrors } from './plans/plans.errors.js';
import { ProfessionalConstraintErrors } from './professionals/professionals.errors.js';
import { PrivacyRequestConstraintErrors } from './privacy/requests/privacy-requests.errors.js';
import { PrivacyRequestsModule } from './privacy/requests/privacy-requests.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, rootLogger: Logger): DynamicModule {
    // each module declares its own constraint → error mapping; the composition root hands them to the problem filter
    registerConstraintErrors(
      HouseholdConstraintErrors,
      CaseConstraintErrors,
      CoordinationConstraintErrors,
      CareTeamConstraintErrors,
      PlanConstraintErrors,
      OrganisationConstraintErrors,
      ProfessionalConstraintErrors,
      PrivacyRequestConstraintErrors,
    );
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(rootLogger)),
        // no proxy providers and no plugins: left on, the middleware awaits a dynamic import() and two plugin hooks on
        // every request for nothing (~1.5 % of a plan change's node CPU, docs/benchmarks.md)
        ClsModule.forRoot({
          global: true,
          middleware: { mount: true, generateId: true, idGenerator: (req: { id?: unknown }) => String(req.id), resolveProxyProviders: false, initializePlugins: false },
        }),
        CommonModule,
        DatabaseModule.forRoot(APP_ENTITIES),
        QueueModule,
        OperationsLogModule,
        // auth knows no feature: the features behind the tokens resolve their subjects (PrincipalResolver port)
        AuthGuardModule.forRoot({ imports: [ApiClientsModule, ProfessionalPrincipalsModule], issuers: [ClientPrincipalResolver], identityProvider: ProfessionalPrincipalResolver }),
        DevIssuerModule,
        RateLimitModule,
        IdempotencyModule,
        RequestTransactionModule,
        // access imports no audit code: the audit trail hears its decisions through a port
        AccessModule.forRoot({ decisions: AuditContext }),
        AuditModule,
        IdempotentReplayModule,
        ApiClientsModule,
        EventsModule,
        HealthModule,
        OperationsModule,
        OrganisationsModule,
        ProfessionalsModule,
        TenantsModule,
        ProvisioningModule,
        HouseholdsModule,
        CoordinationModule,
        CareTeamModule,
        ConsentsModule,
        PlansModule,
        CaseworkModule,
        SignalsModule,
        SupervisionModule,
        DeliveryModule,
        SchedulerModule,
        StaffingModule,
        EmergencyAccessModule,
        // AVG art. 17/18 requests: a legal hold keeps what an erasure would remove
        PrivacyRequestsModule.forRoot({ legalHolds: LegalHoldQuery, imports: [LegalHoldsModule] }),
        RetentionModule,
        LegalHoldsModule,
      ],
    };
  }
}
