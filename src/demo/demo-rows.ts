/**
 * The tables the demo's year of history is written to, in foreign-key order, with the column types used to read
 * each batch back from JSON (`jsonb_to_recordset`). Columns left out take their defaults (generated ids).
 */
export const DEMO_TABLES = {
  household: {
    id: 'uuid', tenant_id: 'uuid', postcode: 'varchar', house_number: 'int', house_number_suffix: 'varchar', district: 'varchar', address_hash: 'varchar',
    status: 'varchar', registration_reason: 'varchar', risk_level: 'varchar', episode: 'int', reopen_count: 'int', registered_at: 'timestamptz',
    intake_started_at: 'timestamptz', closed_at: 'timestamptz', version: 'int', created_at: 'timestamptz', updated_at: 'timestamptz',
  },
  member: {
    id: 'uuid', tenant_id: 'uuid', household_id: 'uuid', given_name: 'varchar', family_name: 'varchar', date_of_birth: 'date', role: 'varchar',
    birth_date_hash: 'varchar', created_at: 'timestamptz', updated_at: 'timestamptz',
  },
  household_episode: {
    id: 'uuid', tenant_id: 'uuid', household_id: 'uuid', number: 'int', started_at: 'timestamptz', ended_at: 'timestamptz', close_reason: 'varchar', reopen_reason: 'varchar',
  },
  coordinator_assignment: {
    id: 'uuid', tenant_id: 'uuid', household_id: 'uuid', professional_id: 'uuid', started_at: 'timestamptz', ended_at: 'timestamptz', reason: 'varchar',
    assigned_by_id: 'uuid', end_reason: 'varchar', end_kind: 'varchar',
  },
  consent: {
    id: 'uuid', tenant_id: 'uuid', household_id: 'uuid', organisation_id: 'uuid', purpose: 'varchar', basis: 'varchar', valid_from: 'date', recorded_by_id: 'uuid',
    recorded_at: 'timestamptz',
  },
  care_team_link: {
    id: 'uuid', tenant_id: 'uuid', household_id: 'uuid', organisation_id: 'uuid', professional_id: 'uuid', role: 'varchar', basis: 'varchar', starts_on: 'date',
    created_by_id: 'uuid', created_at: 'timestamptz', ended_at: 'timestamptz', end_reason: 'varchar', consent_id: 'uuid',
    scope_domains: 'varchar[]', scope_member_ids: 'uuid[]', scope_bsn: 'boolean', scope_contact_notes: 'boolean',
  },
  plan: {
    id: 'uuid', tenant_id: 'uuid', household_id: 'uuid', version: 'int', family_wishes: 'varchar', family_strengths: 'varchar', review_date: 'date',
    created_by_id: 'uuid', updated_by_id: 'uuid', created_at: 'timestamptz', updated_at: 'timestamptz',
  },
  plan_network_member: { id: 'uuid', tenant_id: 'uuid', plan_id: 'uuid', name: 'varchar', relation: 'varchar', support: 'varchar' },
  plan_community_resource: { id: 'uuid', tenant_id: 'uuid', plan_id: 'uuid', name: 'varchar', kind: 'varchar', note: 'varchar' },
  plan_goal: {
    id: 'uuid', tenant_id: 'uuid', plan_id: 'uuid', domain_code: 'varchar', title: 'varchar', status: 'varchar', target_date: 'date', position: 'int',
    created_at: 'timestamptz', updated_at: 'timestamptz',
  },
  plan_action: {
    id: 'uuid', tenant_id: 'uuid', plan_id: 'uuid', goal_id: 'uuid', description: 'varchar', owner_type: 'varchar', owner_professional_id: 'uuid',
    owner_organisation_id: 'uuid', owner_member_id: 'uuid', owner_network_member_id: 'uuid', due_date: 'date', status: 'varchar', completed_at: 'timestamptz',
    created_at: 'timestamptz', updated_at: 'timestamptz',
  },
  plan_revision: { tenant_id: 'uuid', plan_id: 'uuid', number: 'int', snapshot: 'jsonb', changes: 'jsonb', changed_by_id: 'uuid', changed_at: 'timestamptz' },
  contact: { id: 'uuid', tenant_id: 'uuid', household_id: 'uuid', kind: 'varchar', occurred_at: 'timestamptz', recorded_by_id: 'uuid', note: 'varchar', created_at: 'timestamptz' },
  contact_member: { contact_id: 'uuid', member_id: 'uuid', tenant_id: 'uuid' },
  assessment: { id: 'uuid', tenant_id: 'uuid', household_id: 'uuid', assessed_on: 'date', assessed_by_id: 'uuid', created_at: 'timestamptz' },
  assessment_score: { assessment_id: 'uuid', domain_code: 'varchar', tenant_id: 'uuid', score: 'smallint' },
  outbox_event: {
    tenant_id: 'uuid', type: 'varchar', aggregate_type: 'varchar', aggregate_id: 'uuid', household_id: 'uuid', actor_id: 'uuid', payload: 'jsonb',
    occurred_at: 'timestamptz', dispatched_at: 'timestamptz', processed_at: 'timestamptz',
  },
} as const satisfies Record<string, Record<string, string>>;

export type DemoTable = keyof typeof DEMO_TABLES;
export type DemoRow = Record<string, unknown>;
export type DemoRows = Record<DemoTable, DemoRow[]>;

export function emptyDemoRows(): DemoRows {
  return Object.fromEntries(Object.keys(DEMO_TABLES).map((t) => [t, []])) as unknown as DemoRows;
}
