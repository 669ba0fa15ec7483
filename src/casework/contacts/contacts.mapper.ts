import type { CaseItem } from '../../access/reader-scope.js';
import type { ContactRow } from './contacts.repository.js';
import type { ContactDto } from './dto/contact.dto.js';

export const mapContact = ({ contact, recordedByName, members }: ContactRow): ContactDto => ({
  id: contact.id,
  householdId: contact.householdId,
  kind: contact.kind,
  occurredAt: contact.occurredAt.toISOString(),
  note: contact.note,
  members,
  recordedBy: { professionalId: contact.recordedById, name: recordedByName },
  createdAt: contact.createdAt.toISOString(),
});

/** What a contact moment is about (purpose limitation): a contact note, concerning the members present (none: the household). */
export const contactItem = (memberIds: readonly string[]): CaseItem => ({ category: 'contact_notes', memberIds });
