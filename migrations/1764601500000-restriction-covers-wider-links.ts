import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A restriction of processing (AVG art. 18) refused a care-team link scoped to the restricted member
 * (1764601200000), but not the wider ones: a link with no member scope (`scope_member_ids` NULL: every member of the
 * household, the restricted one included) and an existing link whose scope was widened to cover them. An outside
 * probe shared a restricted household with a new organisation, and widened a parent-only link to the restricted
 * child, both accepted — while the narrow link was refused.
 *
 * Now a link is refused (409 `MEMBER_RESTRICTED`, `HOUSEHOLD_RESTRICTED`) when it is made, or widened, while it
 * covers a restricted member: with no member scope, every restricted member of the household; with one, those it
 * names. Widening is anything that lets the link see more: more members or domains (or all of them), the BSN or
 * contact notes, a later or no end date, an ended link started again. What lessens processing stays possible:
 * narrowing a scope, ending a link.
 */
export class RestrictionCoversWiderLinks1764601500000 implements MigrationInterface {
  name = 'RestrictionCoversWiderLinks1764601500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LINK_GUARD);
    await queryRunner.query(`DROP TRIGGER care_team_link_restriction_guard ON "care_team_link"`);
    await queryRunner.query(
      `CREATE TRIGGER care_team_link_restriction_guard BEFORE INSERT OR UPDATE OF scope_member_ids, scope_domains, scope_bsn, scope_contact_notes, ends_on, ended_at ON "care_team_link" FOR EACH ROW EXECUTE FUNCTION care_team_link_restriction_guard()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER care_team_link_restriction_guard ON "care_team_link"`);
    await queryRunner.query(
      `CREATE TRIGGER care_team_link_restriction_guard BEFORE INSERT OR UPDATE OF scope_member_ids ON "care_team_link" FOR EACH ROW WHEN (NEW.scope_member_ids IS NOT NULL) EXECUTE FUNCTION privacy_guard_row()`,
    );
    await queryRunner.query(`DROP FUNCTION care_team_link_restriction_guard()`);
  }
}

const LINK_GUARD = `
  CREATE FUNCTION care_team_link_restriction_guard() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    named uuid;
  BEGIN
    IF TG_OP = 'UPDATE' AND NOT (
         (OLD.scope_member_ids IS NOT NULL AND (NEW.scope_member_ids IS NULL OR NOT NEW.scope_member_ids <@ OLD.scope_member_ids))
      OR (OLD.scope_domains IS NOT NULL AND (NEW.scope_domains IS NULL OR NOT NEW.scope_domains <@ OLD.scope_domains))
      OR (NEW.scope_bsn AND NOT OLD.scope_bsn)
      OR (NEW.scope_contact_notes AND NOT OLD.scope_contact_notes)
      OR (OLD.ends_on IS NOT NULL AND (NEW.ends_on IS NULL OR NEW.ends_on > OLD.ends_on))
      OR (OLD.ended_at IS NOT NULL AND NEW.ended_at IS NULL)) THEN
      RETURN NEW; -- the same or less: what lessens processing stays possible
    END IF;
    -- a restriction of the whole household first (its own answer), then each restricted member the link covers
    PERFORM privacy_refuse_restricted(NEW.household_id, NULL);
    IF NEW.scope_member_ids IS NULL THEN
      -- every member: each restricted member of the household
      FOR named IN SELECT r.member_id FROM privacy_request r
                    WHERE r.household_id = NEW.household_id AND r.kind = 'restriction' AND r.status = 'active' AND r.member_id IS NOT NULL LOOP
        PERFORM privacy_refuse_restricted(NEW.household_id, named);
      END LOOP;
    ELSE
      FOREACH named IN ARRAY NEW.scope_member_ids LOOP
        PERFORM privacy_refuse_restricted(NEW.household_id, named);
      END LOOP;
    END IF;
    RETURN NEW;
  END $$`;
