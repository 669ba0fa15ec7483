import type { ProfessionalDto } from './dto/professional.dto.js';
import type { ProfessionalEntity } from './entities/professional.entity.js';

export const mapProfessional = (p: ProfessionalEntity): ProfessionalDto => ({
  id: p.id,
  organisationId: p.organisationId,
  name: p.name,
  email: p.email,
  roles: p.roles,
  authSubject: p.authSubject,
  active: p.active,
  createdAt: p.createdAt.toISOString(),
});
