import type { ProfessionalDto } from './dto/professional.dto.js';
import type { ProfessionalEntity } from './entities/professional.entity.js';

/**
 * `showAuthSubject`: the identity-provider subject is for admins (who manage sign-in) and for the professional
 * themselves; to everyone else it is an identifier of another person's account that they have no use for.
 */
export const mapProfessional = (p: ProfessionalEntity, showAuthSubject: boolean): ProfessionalDto => ({
  id: p.id,
  organisationId: p.organisationId,
  name: p.name,
  email: p.email,
  roles: p.roles,
  ...(showAuthSubject && { authSubject: p.authSubject }),
  active: p.active,
  createdAt: p.createdAt.toISOString(),
});
