import { createHash } from 'node:crypto';
import type { AuditEventDraft, ChainedAuditEvent } from './audit.types.js';

/** prev_hash of a tenant's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The fields an event's hash covers, in a fixed order, as one JSON array: every column except the hash itself.
 * Timestamps as ISO strings with milliseconds (what timestamptz gives back for a JS Date), sequence numbers as
 * decimal strings, absent values as null — so the writer and the verifier serialise a row identically.
 */
export function canonicalEvent(event: Omit<ChainedAuditEvent, 'hash'>): string {
  return JSON.stringify([
    event.tenantId,
    String(event.seq),
    event.prevHash,
    event.occurredAt.toISOString(),
    event.action,
    event.outcome,
    event.actorKind,
    event.professionalId,
    event.apiClientId,
    event.organisationId,
    event.roles,
    event.onBehalfOfOrganisationId,
    event.resourceType,
    event.resourceId,
    event.householdId,
    event.memberIds,
    event.purpose,
    event.legalBasis,
    event.consentId,
    event.route,
    event.httpStatus,
    event.requestId,
    event.sourceAddress,
    // added later: appended only when set, so events written before the column existed keep their hashes
    ...(event.callerRequestId === null || event.callerRequestId === undefined ? [] : [event.callerRequestId]),
  ]);
}

export function hashEvent(event: Omit<ChainedAuditEvent, 'hash'>): string {
  return createHash('sha256').update(event.prevHash).update('\n').update(canonicalEvent(event)).digest('hex');
}

/** Links drafts onto a chain whose last event has `head` (seq, hash). */
export function chain(drafts: AuditEventDraft[], head: { seq: number; hash: string }): ChainedAuditEvent[] {
  const events: ChainedAuditEvent[] = [];
  let prev = head;
  for (const draft of drafts) {
    const unhashed = { ...draft, seq: prev.seq + 1, prevHash: prev.hash };
    const event = { ...unhashed, hash: hashEvent(unhashed) };
    events.push(event);
    prev = event;
  }
  return events;
}

export type ChainBreak = { reason: 'sequence_gap' | 'prev_hash_mismatch' | 'hash_mismatch'; seq: number };

/** Checks one event against its predecessor (seq and hash); undefined when the link holds. */
export function checkLink(event: ChainedAuditEvent, prev: { seq: number; hash: string }): ChainBreak | undefined {
  if (event.seq !== prev.seq + 1) return { reason: 'sequence_gap', seq: event.seq };
  if (event.prevHash !== prev.hash) return { reason: 'prev_hash_mismatch', seq: event.seq };
  if (hashEvent(event) !== event.hash) return { reason: 'hash_mismatch', seq: event.seq };
  return undefined;
}
