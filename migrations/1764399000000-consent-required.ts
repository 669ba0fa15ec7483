import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A care-team link on the basis of consent must point at the recorded consent. NOT VALID: links recorded before
 * this rule keep their row, but the access rule already gives such a link no access without a valid recorded
 * consent, so nothing is lost by not rewriting history.
 */
export class ConsentRequired1764399000000 implements MigrationInterface {
  name = 'ConsentRequired1764399000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD CONSTRAINT "ck_care_team_link_consent_recorded" CHECK ("basis" <> 'consent' OR "consent_id" IS NOT NULL) NOT VALID`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP CONSTRAINT "ck_care_team_link_consent_recorded"`);
  }
}
