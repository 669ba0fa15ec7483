import { Injectable } from '@nestjs/common';
import { AuthErrors } from '../auth/auth.errors.js';
import { PrincipalCache } from '../auth/principal-cache.js';
import type { PrincipalResolver, ResolvedPrincipal, RouteDemand } from '../auth/principal-resolver.js';
import { TokenService } from '../auth/token.service.js';
import type { DomainError } from '../common/domain-error.js';
import { TransactionHost } from '../database/transaction-host.js';
import { ProfessionalsRepository } from './professionals.repository.js';

/**
 * The auth guard's port for the identity provider's tokens: `sub` → an active professional, whose tenant,
 * organisation and roles come from the database — through the principal cache, which every change to a professional
 * drops on every replica (a deactivated professional is out at once).
 */
@Injectable()
export class ProfessionalPrincipalResolver implements PrincipalResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly professionals: ProfessionalsRepository,
    private readonly tx: TransactionHost,
    private readonly cache: PrincipalCache,
  ) {}

  /** Every token no issuer of Eenplan's own claimed is the identity provider's. */
  claims(): boolean {
    return true;
  }

  async resolve(token: string): Promise<ResolvedPrincipal> {
    const subject = await this.tokens.verify(token);
    // before the tenant is known: a lookup across tenants, as system work — or the cache, which every change drops
    const professional = await this.cache.lookup(`professional:${subject}`, async () => (await this.tx.runAsSystem(() => this.professionals.findActiveBySubject(subject))) ?? undefined);
    if (!professional) throw AuthErrors.create('UNKNOWN_SUBJECT', { nl: 'Het token is geldig, maar hoort bij geen actieve professional in Eenplan. Vraag uw beheerder.', en: 'The token is valid but belongs to no active professional in Eenplan. Ask your administrator.' });
    return {
      rateLimitSubject: professional.id,
      actor: {
        kind: 'professional',
        professionalId: professional.id,
        tenantId: professional.tenantId,
        organisationId: professional.organisationId,
        roles: [...professional.roles],
      },
    };
  }

  /** `@Roles`: the professional needs one of them. */
  authorize(principal: ResolvedPrincipal, route: RouteDemand): DomainError | undefined {
    const required = route.roles;
    if (required && !principal.actor.roles.some((role) => required.includes(role))) {
      return AuthErrors.create('ROLE_REQUIRED', { nl: `Hiervoor is een van deze rollen nodig: ${required.join(', ')}.`, en: `This requires one of the roles: ${required.join(', ')}.` });
    }
    return undefined;
  }
}
