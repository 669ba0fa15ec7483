import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A restriction of processing (AVG art. 18, 1764600100000) refused new contacts, assessments and actions about the
 * restricted member, but not the three records that name members in columns added later: an escalation about them
 * (`escalation.member_ids`, 1764600600000), a new consent for them (`consent.member_id`) and a care-team link scoped
 * to them (`care_team_link.scope_member_ids`, 1764600200000). An outside probe opened all three under a restriction,
 * and partners were told of the escalation and of a consent's withdrawal by webhook: `eenplan_withheld_from_partners`
 * looked only at payload keys (`memberId`, `memberIds`, `ownerId`), while those events carry the escalation's and the
 * consent's id only.
 *
 * Now the restriction guard covers those records too — what names the member anew is refused (409
 * `MEMBER_RESTRICTED`, or `HOUSEHOLD_RESTRICTED` for a household-wide restriction), what lessens processing stays
 * possible (withdrawing a consent, ending a link, resolving an escalation) — and the events of escalations and
 * consents are withheld from partners by the member their record names.
 */
export class RestrictionCoversEscalationsConsentsLinks1764601200000 implements MigrationInterface {
  name = 'RestrictionCoversEscalationsConsentsLinks1764601200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(GUARD_WITH_MEMBER_LISTS);
    await queryRunner.query(`CREATE TRIGGER escalation_restriction_guard BEFORE INSERT OR UPDATE OF member_ids ON "escalation" FOR EACH ROW EXECUTE FUNCTION privacy_guard_row()`);
    await queryRunner.query(`CREATE TRIGGER consent_restriction_guard BEFORE INSERT OR UPDATE OF member_id ON "consent" FOR EACH ROW EXECUTE FUNCTION privacy_guard_row()`);
    await queryRunner.query(
      `CREATE TRIGGER care_team_link_restriction_guard BEFORE INSERT OR UPDATE OF scope_member_ids ON "care_team_link" FOR EACH ROW WHEN (NEW.scope_member_ids IS NOT NULL) EXECUTE FUNCTION privacy_guard_row()`,
    );
    await queryRunner.query(WITHHELD_BY_RECORD);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(WITHHELD_BY_PAYLOAD);
    await queryRunner.query(`DROP TRIGGER care_team_link_restriction_guard ON "care_team_link"`);
    await queryRunner.query(`DROP TRIGGER consent_restriction_guard ON "consent"`);
    await queryRunner.query(`DROP TRIGGER escalation_restriction_guard ON "escalation"`);
    await queryRunner.query(GUARD_BEFORE);
  }
}

/** The guard of 1764600100000 with the three tables added (a household-wide restriction also refuses a record about no member in particular). */
const GUARD_WITH_MEMBER_LISTS = `
  CREATE OR REPLACE FUNCTION privacy_guard_row() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    subject record;
    named uuid;
  BEGIN
    IF TG_OP = 'DELETE' THEN subject := OLD; ELSE subject := NEW; END IF;
    IF TG_TABLE_NAME = 'member' THEN
      PERFORM privacy_refuse_restricted(OLD.household_id, OLD.id);
    ELSIF TG_TABLE_NAME = 'household' THEN
      PERFORM privacy_refuse_restricted(OLD.id, NULL);
    ELSIF TG_TABLE_NAME = 'assessment' THEN
      PERFORM privacy_refuse_restricted(subject.household_id, subject.member_id);
    ELSIF TG_TABLE_NAME = 'contact_member' THEN
      PERFORM privacy_refuse_restricted((SELECT m.household_id FROM member m WHERE m.id = subject.member_id), subject.member_id);
    ELSIF TG_TABLE_NAME = 'plan_action' THEN
      -- nested: a record's field is looked up when the condition is evaluated, whatever the table
      IF subject.owner_member_id IS NOT NULL THEN
        PERFORM privacy_refuse_restricted((SELECT m.household_id FROM member m WHERE m.id = subject.owner_member_id), subject.owner_member_id);
      END IF;
    ELSIF TG_TABLE_NAME = 'consent' THEN
      PERFORM privacy_refuse_restricted(subject.household_id, subject.member_id);
    ELSIF TG_TABLE_NAME = 'escalation' THEN
      IF cardinality(NEW.member_ids) = 0 THEN
        PERFORM privacy_refuse_restricted(NEW.household_id, NULL);
      END IF;
      FOREACH named IN ARRAY NEW.member_ids LOOP
        PERFORM privacy_refuse_restricted(NEW.household_id, named);
      END LOOP;
    ELSIF TG_TABLE_NAME = 'care_team_link' THEN
      FOREACH named IN ARRAY NEW.scope_member_ids LOOP
        PERFORM privacy_refuse_restricted(NEW.household_id, named);
      END LOOP;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END $$`;

const GUARD_BEFORE = `
  CREATE OR REPLACE FUNCTION privacy_guard_row() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    subject record;
  BEGIN
    IF TG_OP = 'DELETE' THEN subject := OLD; ELSE subject := NEW; END IF;
    IF TG_TABLE_NAME = 'member' THEN
      PERFORM privacy_refuse_restricted(OLD.household_id, OLD.id);
    ELSIF TG_TABLE_NAME = 'household' THEN
      PERFORM privacy_refuse_restricted(OLD.id, NULL);
    ELSIF TG_TABLE_NAME = 'assessment' THEN
      PERFORM privacy_refuse_restricted(subject.household_id, subject.member_id);
    ELSIF TG_TABLE_NAME = 'contact_member' THEN
      PERFORM privacy_refuse_restricted((SELECT m.household_id FROM member m WHERE m.id = subject.member_id), subject.member_id);
    ELSIF TG_TABLE_NAME = 'plan_action' AND subject.owner_member_id IS NOT NULL THEN
      PERFORM privacy_refuse_restricted((SELECT m.household_id FROM member m WHERE m.id = subject.owner_member_id), subject.owner_member_id);
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END $$`;

/** Besides the payload's own keys: the member an escalation or a consent names (their events carry only its id). */
const WITHHELD_BY_RECORD = `
  CREATE OR REPLACE FUNCTION eenplan_withheld_from_partners(p_household uuid, p_payload jsonb) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT p_household IS NOT NULL AND EXISTS (
      SELECT 1 FROM privacy_request r
       WHERE r.household_id = p_household AND r.kind = 'restriction' AND r.status = 'active'
         AND (r.member_id IS NULL
              OR p_payload->>'memberId' = r.member_id::text
              OR (jsonb_typeof(p_payload->'memberIds') = 'array' AND p_payload->'memberIds' ? r.member_id::text)
              OR (p_payload->>'ownerType' = 'member' AND p_payload->>'ownerId' = r.member_id::text)
              OR (p_payload ? 'escalationId' AND EXISTS (SELECT 1 FROM escalation e WHERE e.id::text = p_payload->>'escalationId' AND r.member_id = ANY (e.member_ids)))
              OR (p_payload ? 'consentId' AND EXISTS (SELECT 1 FROM consent c WHERE c.id::text = p_payload->>'consentId' AND c.member_id = r.member_id))))
  $$`;

const WITHHELD_BY_PAYLOAD = `
  CREATE OR REPLACE FUNCTION eenplan_withheld_from_partners(p_household uuid, p_payload jsonb) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT p_household IS NOT NULL AND EXISTS (
      SELECT 1 FROM privacy_request r
       WHERE r.household_id = p_household AND r.kind = 'restriction' AND r.status = 'active'
         AND (r.member_id IS NULL
              OR p_payload->>'memberId' = r.member_id::text
              OR (jsonb_typeof(p_payload->'memberIds') = 'array' AND p_payload->'memberIds' ? r.member_id::text)
              OR (p_payload->>'ownerType' = 'member' AND p_payload->>'ownerId' = r.member_id::text)))
  $$`;
