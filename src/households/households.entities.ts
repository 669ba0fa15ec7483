import type { EntityClass } from '../database/entity-class.js';
import { HouseholdEntity } from './entities/household.entity.js';
import { HouseholdEpisodeEntity } from './entities/household-episode.entity.js';
import { MemberEntity } from './entities/member.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const HOUSEHOLDS_ENTITIES: EntityClass[] = [HouseholdEntity, HouseholdEpisodeEntity, MemberEntity];
