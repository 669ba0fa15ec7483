import type { EntityClass } from '../../database/entity-class.js';
import { PrivacyRequestEntity } from './entities/privacy-request.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const PRIVACY_REQUESTS_ENTITIES: EntityClass[] = [PrivacyRequestEntity];
