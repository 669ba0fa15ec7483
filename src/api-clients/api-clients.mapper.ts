import type { ApiClientDto } from './dto/api-client.dto.js';
import type { ApiClientEntity } from './entities/api-client.entity.js';

/** Never the secret hash: it is of no use to anyone outside the token endpoint. */
export const mapApiClient = (c: ApiClientEntity): ApiClientDto => ({
  clientId: c.id,
  organisationId: c.organisationId,
  name: c.name,
  scopes: c.scopes,
  secretGeneration: c.secretGeneration,
  principalId: c.principalId,
  active: c.revokedAt === null,
  createdById: c.createdById,
  createdAt: c.createdAt.toISOString(),
  rotatedAt: c.rotatedAt?.toISOString() ?? null,
  revokedAt: c.revokedAt?.toISOString() ?? null,
  revokedById: c.revokedById,
});
