import type { AccessReportEntryDto, AuditCheckpointDto, AuditEventDto } from './dto/audit.dto.js';
import { ACTION_LABELS, BASIS_LABELS, label, PURPOSE_LABELS, ROLE_LABELS, type ReportLanguage } from './audit-labels.js';
import { claimOfCheckpoint } from './audit-chain.reader.js';
import type { AccessReportRow, AuditEventRow, CheckpointRow } from './audit.repository.js';

export function mapAuditEvent(row: AuditEventRow, seal: string | null): AuditEventDto {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at.toISOString(),
    action: row.action,
    outcome: row.outcome,
    actorKind: row.actor_kind,
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
    legalBasis: row.legal_basis,
    consentId: row.consent_id,
    route: row.route,
    httpStatus: row.http_status,
    requestId: row.request_id,
    sourceAddress: row.source_address,
    callerRequestId: row.caller_request_id ?? null,
    seal,
  };
}

export function mapCheckpoint(row: CheckpointRow): AuditCheckpointDto {
  // the signed claim's fields, and the form even where the claim leaves it out (form 1)
  return { ...claimOfCheckpoint(row), form: row.form, jws: row.jws };
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
    // another member's consent is not "your consent" to the member the report is for
    legalBasis: label(BASIS_LABELS, row.consent_of_other_member && row.legal_basis === 'care_team_consent' ? 'care_team_consent_of_another_member' : row.legal_basis, lang),
    emergencyAccess: row.legal_basis === 'emergency',
    codes: { roles: row.roles, action: row.action, purpose: row.purpose, legalBasis: row.legal_basis },
  };
}
