import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { Role } from '../professionals/roles.js';
import { ProblemResponseSchema } from '../common/openapi.js';

export const PUBLIC_KEY = 'eenplan:public';
export const ROLES_KEY = 'eenplan:roles';

/** No bearer token needed (health, JWKS, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The caller needs at least one of these roles; household-level rules are checked in the services. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiForbiddenResponse({ description: `Requires one of the roles: ${roles.join(', ')}.`, schema: ProblemResponseSchema }),
  );
