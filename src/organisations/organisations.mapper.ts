import type { OrganisationDto } from './dto/organisation.dto.js';
import type { OrganisationEntity } from './entities/organisation.entity.js';

export const mapOrganisation = (o: OrganisationEntity): OrganisationDto => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  isIntakeTeam: o.isIntakeTeam,
  createdAt: o.createdAt.toISOString(),
});
