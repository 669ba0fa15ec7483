import type { AccessReportEntryDto, AuditEventDto } from './dto/audit.dto.js';
import { ACTION_LABELS, BASIS_LABELS, label, PURPOSE_LABELS, ROLE_LABELS, type ReportLanguage } from './audit-labels.js';
import type { AccessReportRow, AuditEventRow } from './audit.repository.js';
import type { AuditAction, AuditOutcome, ChainedAuditEvent, LegalBasisUsed } from './audit.types.js';

/** A stored row as the chain hashes it: the event's fields in their own types (see audit-chain.ts). */
export function chainedEventOf(row: AuditEventRow): ChainedAuditEvent {
  return {
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    prevHash: row.prev_hash,
    hash: row.hash,
    occurredAt: row.occurred_at,
    action: row.action as AuditAction,
    outcome: row.outcome as AuditOutcome,
    actorKind: row.actor_kind as ChainedAuditEvent['actorKind'],
    professionalId: row.professional_id,
    apiClientId: row.api_client_id,
    organisationId: row.organisation_id,
    roles: row.roles,
    onBehalfOfOrganisationId: row.on_behalf_of_organisation_id,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    householdId: row.household_id,
    memberIds: row.member_ids,
    purpose: row.purpose,
    legalBasis: row.legal_basis as LegalBasisUsed,
    consentId: row.consent_id,
    route: row.route,
    httpStatus: row.http_status,
    requestId: row.request_id,
    sourceAddress: row.source_address,
    callerRequestId: row.caller_request_id,
  };
}

export function mapAuditEvent(row: AuditEventRow): AuditEventDto {
  // the tenant is the caller's own and the previous hash is verification's business, not the reader's
  const { tenantId: _tenantId, prevHash: _prevHash, occurredAt, ...event } = chainedEventOf(row);
  return { ...event, callerRequestId: event.callerRequestId ?? null, occurredAt: occurredAt.toISOString() };
}

export function mapAccessReportEntry(row: AccessReportRow, lang: ReportLanguage): AccessReportEntryDto {
  return {
    date: row.day,
    firstAt: row.first_at.toISOString(),
    lastAt: row.last_at.toISOString(),
    times: row.times,
    organisation: row.organisation_name ?? (lang === 'nl' ? 'onbekende organisatie' : 'unknown organisation'),
    role: row.roles.map((r) => label(ROLE_LABELS, r, lang)).join(', '),
    action: label(ACTION_LABELS, row.action, lang),
    // the purpose the family consented to, in the words recorded with the consent, where there is one
    purpose: row.consent_purpose ?? label(PURPOSE_LABELS, row.purpose, lang),
    legalBasis: label(BASIS_LABELS, row.legal_basis, lang),
    codes: { roles: row.roles, action: row.action, purpose: row.purpose, legalBasis: row.legal_basis },
  };
}
