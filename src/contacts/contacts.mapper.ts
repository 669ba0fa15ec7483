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
