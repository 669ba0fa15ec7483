import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Purpose limitation (issue 13, item 5): a care-team link and the consent it rests on name what they cover.
 *
 * - `care_team_link.scope_domains` (life-domain codes; NULL = every domain), `scope_member_ids` (NULL = the whole
 *   household), `scope_bsn` and `scope_contact_notes` (the two categories that are not a domain or a member).
 *   Existing links keep covering everything (NULL / true), so nothing changes for them.
 * - `consent.scope_domains` (NULL = every domain); a consent's member (`member_id`) already existed and now limits
 *   what the links resting on it open to that member.
 * - `eenplan_scope_covers(…)`: THE rule "this scope covers this case item", used by every SQL path
 *   (src/access/reader-scope.sql.ts) and mirrored by `scopeCovers` in TypeScript (an integration test holds them equal).
 * - Triggers check what a foreign key cannot check in an array: the domains are in the municipality's life-domain
 *   list, the members belong to the household (and a consent's member too).
 */
export class PurposeLimitation1764600200000 implements MigrationInterface {
  name = 'PurposeLimitation1764600200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD "scope_domains" character varying(40) array`);
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD "scope_member_ids" uuid array`);
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD "scope_bsn" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD "scope_contact_notes" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "consent" ADD "scope_domains" character varying(40) array`);
    await queryRunner.query(`CREATE FUNCTION eenplan_scope_covers(
        domains varchar[], member_ids uuid[], bsn boolean, contact_notes boolean,
        item_domains varchar[], item_members uuid[], item_category varchar) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (item_domains IS NULL OR cardinality(item_domains) = 0 OR domains IS NULL OR domains && item_domains)
           AND (item_members IS NULL OR member_ids IS NULL OR (cardinality(item_members) > 0 AND item_members <@ member_ids))
           AND (item_category IS DISTINCT FROM 'bsn' OR bsn)
           AND (item_category IS DISTINCT FROM 'contact_notes' OR contact_notes)
      $$`);
    await queryRunner.query(`CREATE FUNCTION eenplan_check_scope() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        members uuid[];
      BEGIN
        IF NEW.scope_domains IS NOT NULL AND EXISTS (
          SELECT 1 FROM unnest(NEW.scope_domains) AS d(code)
           WHERE NOT EXISTS (SELECT 1 FROM life_domain ld WHERE ld.tenant_id = NEW.tenant_id AND ld.code = d.code)) THEN
          RAISE EXCEPTION 'scope names a life domain the municipality does not have' USING ERRCODE = '23514', CONSTRAINT = 'ck_scope_domains_known';
        END IF;
        IF TG_TABLE_NAME = 'care_team_link' THEN
          members := NEW.scope_member_ids;
        ELSIF NEW.member_id IS NOT NULL THEN
          members := ARRAY[NEW.member_id];
        END IF;
        IF members IS NOT NULL AND EXISTS (
          SELECT 1 FROM unnest(members) AS s(id)
           WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.tenant_id = NEW.tenant_id AND m.household_id = NEW.household_id AND m.id = s.id)) THEN
          RAISE EXCEPTION 'scope names a member outside the household' USING ERRCODE = '23514', CONSTRAINT = 'ck_scope_members_in_household';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER care_team_link_scope_check BEFORE INSERT OR UPDATE OF scope_domains, scope_member_ids ON care_team_link
      FOR EACH ROW EXECUTE FUNCTION eenplan_check_scope()`);
    await queryRunner.query(`CREATE TRIGGER consent_scope_check BEFORE INSERT OR UPDATE OF scope_domains, member_id ON consent
      FOR EACH ROW EXECUTE FUNCTION eenplan_check_scope()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER consent_scope_check ON consent`);
    await queryRunner.query(`DROP TRIGGER care_team_link_scope_check ON care_team_link`);
    await queryRunner.query(`DROP FUNCTION eenplan_check_scope()`);
    await queryRunner.query(`DROP FUNCTION eenplan_scope_covers(varchar[], uuid[], boolean, boolean, varchar[], uuid[], varchar)`);
    await queryRunner.query(`ALTER TABLE "consent" DROP COLUMN "scope_domains"`);
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP COLUMN "scope_contact_notes"`);
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP COLUMN "scope_bsn"`);
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP COLUMN "scope_member_ids"`);
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP COLUMN "scope_domains"`);
  }
}
