import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Purpose limitation for escalations (issue 13, item 5): an escalation may name the life domains and members it
 * concerns, so a partner whose care-team link covers other domains or members does not read its reason and outcome.
 *
 * - `escalation.domain_codes` and `member_ids`: empty when the escalation names none (then it concerns no domain in
 *   particular, and the household as a whole). Existing escalations get empty lists.
 * - A trigger checks what a foreign key cannot check in an array: the domains are in the municipality's life-domain
 *   list, the members belong to the escalation's household (the API checks active domains and members first).
 */
export class EscalationAbout1764600600000 implements MigrationInterface {
  name = 'EscalationAbout1764600600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // empty by default: existing rows (and a row written without them) name no domain and the household as a whole
    await queryRunner.query(`ALTER TABLE "escalation" ADD "domain_codes" character varying(40) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "escalation" ADD "member_ids" uuid array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "escalation" ADD CONSTRAINT "ck_escalation_about_size" CHECK (cardinality("domain_codes") <= 40 AND cardinality("member_ids") <= 50)`);
    await queryRunner.query(`CREATE FUNCTION eenplan_check_escalation_about() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM unnest(NEW.domain_codes) AS d(code)
           WHERE NOT EXISTS (SELECT 1 FROM life_domain ld WHERE ld.tenant_id = NEW.tenant_id AND ld.code = d.code)) THEN
          RAISE EXCEPTION 'escalation names a life domain the municipality does not have' USING ERRCODE = '23514', CONSTRAINT = 'ck_escalation_domains_known';
        END IF;
        IF EXISTS (
          SELECT 1 FROM unnest(NEW.member_ids) AS s(id)
           WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.tenant_id = NEW.tenant_id AND m.household_id = NEW.household_id AND m.id = s.id)) THEN
          RAISE EXCEPTION 'escalation names a member outside its household' USING ERRCODE = '23514', CONSTRAINT = 'ck_escalation_members_in_household';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER escalation_about_check BEFORE INSERT OR UPDATE OF domain_codes, member_ids, household_id ON escalation
      FOR EACH ROW EXECUTE FUNCTION eenplan_check_escalation_about()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER escalation_about_check ON escalation`);
    await queryRunner.query(`DROP FUNCTION eenplan_check_escalation_about()`);
    await queryRunner.query(`ALTER TABLE "escalation" DROP CONSTRAINT "ck_escalation_about_size"`);
    await queryRunner.query(`ALTER TABLE "escalation" DROP COLUMN "member_ids"`);
    await queryRunner.query(`ALTER TABLE "escalation" DROP COLUMN "domain_codes"`);
  }
}
