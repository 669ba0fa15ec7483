import type { EntityClass } from '../../database/entity-class.js';
import { ContactEntity } from './entities/contact.entity.js';
import { ContactMemberEntity } from './entities/contact-member.entity.js';

/** The entities this module owns; the composition root (src/app.entities.ts) hands them to the data source. */
export const CONTACTS_ENTITIES: EntityClass[] = [ContactEntity, ContactMemberEntity];
