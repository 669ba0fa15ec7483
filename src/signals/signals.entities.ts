import type { EntityClass } from '../database/entity-class.js';
import { SignalMatchOrganisationEntity } from './entities/signal-match-organisation.entity.js';
import { SignalMatchEntity } from './entities/signal-match.entity.js';
import { SignalEntity } from './entities/signal.entity.js';

/** Entities of this area, registered in src/database/entities.ts. */
export const SIGNALS_ENTITIES: EntityClass[] = [SignalEntity, SignalMatchEntity, SignalMatchOrganisationEntity];
