import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { Role } from '../common/roles.js';
import { ProblemResponseSchema } from '../common/openapi.js';

export const PUBLIC_KEY = 'eenplan:public';
export const ROLES_KEY = 'eenplan:roles';

/** No bearer token needed (health, JWKS, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The caller needs at least one of these roles; household-level rules are checked in the services. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiResponse({
      status: 403,
      description: `Requires one of the roles: ${roles.join(', ')}.`,
      content: { 'application/problem+json': { schema: ProblemResponseSchema } },
    }),
  );
