import type { EntityClass } from '../database/entity-class.js';
import { LifeDomainEntity } from './entities/life-domain.entity.js';
import { LifeDomainRevisionEntity } from './entities/life-domain-revision.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const TENANTS_ENTITIES: EntityClass[] = [TenantEntity, LifeDomainEntity, LifeDomainRevisionEntity];
