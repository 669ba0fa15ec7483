import type { EntityClass } from '../database/entity-class.js';
import { CareTeamLinkEntity } from './entities/care-team-link.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const CARE_TEAM_ENTITIES: EntityClass[] = [CareTeamLinkEntity];
