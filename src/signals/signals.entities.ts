import type { EntityClass } from '../database/entity-class.js';
import { SignalIntakeItemSignalEntity } from './entities/signal-intake-item-signal.entity.js';
import { SignalIntakeItemEntity } from './entities/signal-intake-item.entity.js';
import { SignalMatchOrganisationEntity } from './entities/signal-match-organisation.entity.js';
import { SignalMatchEntity } from './entities/signal-match.entity.js';
import { SignalEntity } from './entities/signal.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const SIGNALS_ENTITIES: EntityClass[] = [SignalEntity, SignalMatchEntity, SignalMatchOrganisationEntity, SignalIntakeItemEntity, SignalIntakeItemSignalEntity];
