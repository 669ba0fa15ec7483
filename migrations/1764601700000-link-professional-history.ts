import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A care-team link's professional (and a signal's signaller) was keyed to their organisation (`fk_care_team_link_professional`: tenant,
 * organisation, professional → the professional's current organisation). That holds when the link is made, but a
 * link is also history: once a professional had held a professional-level link, even an ended one, they could never
 * move to another organisation (409 REFERENCE_INVALID) — the key pinned them.
 *
 * Now the key is (tenant, professional), and "the professional belongs to the row's organisation" is checked when a
 * link or a signal is made or names another person or organisation (`ck_care_team_link_professional_of_organisation`,
 * `ck_signal_signalled_by_of_organisation`; the professional's row share-locked so a move cannot slip in between). A move ends the person's standing links first
 * (the staffing service, with their events); a trigger refuses a move that would leave one standing
 * (`ck_professional_moves_without_links`), whoever writes.
 */
export class LinkProfessionalHistory1764601700000 implements MigrationInterface {
  name = 'LinkProfessionalHistory1764601700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(OF_ORGANISATION);
    for (const key of KEYS) {
      await queryRunner.query(`ALTER TABLE "${key.table}" DROP CONSTRAINT "${key.name}"`);
      await queryRunner.query(
        `ALTER TABLE "${key.table}" ADD CONSTRAINT "${key.name}" FOREIGN KEY ("tenant_id", "${key.column}") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${key.table}_professional_of_organisation BEFORE INSERT OR UPDATE OF ${key.column}, organisation_id ON "${key.table}" FOR EACH ROW EXECUTE FUNCTION eenplan_professional_of_organisation('${key.column}', '${key.check}')`,
      );
    }
    await queryRunner.query(MOVES_WITHOUT_LINKS);
    await queryRunner.query(
      `CREATE TRIGGER professional_moves_without_links BEFORE UPDATE OF organisation_id ON "professional" FOR EACH ROW WHEN (NEW.organisation_id IS DISTINCT FROM OLD.organisation_id) EXECUTE FUNCTION professional_moves_without_links()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER professional_moves_without_links ON "professional"`);
    await queryRunner.query(`DROP FUNCTION professional_moves_without_links()`);
    for (const key of KEYS) {
      await queryRunner.query(`DROP TRIGGER ${key.table}_professional_of_organisation ON "${key.table}"`);
      await queryRunner.query(`ALTER TABLE "${key.table}" DROP CONSTRAINT "${key.name}"`);
      // fails where a professional with such history has moved since: that history cannot be keyed the old way
      await queryRunner.query(
        `ALTER TABLE "${key.table}" ADD CONSTRAINT "${key.name}" FOREIGN KEY ("tenant_id", "organisation_id", "${key.column}") REFERENCES "professional"("tenant_id","organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
      );
    }
    await queryRunner.query(`DROP FUNCTION eenplan_professional_of_organisation()`);
  }
}

/** History that names a professional of an organisation: a care-team link, a signal. */
const KEYS = [
  { table: 'care_team_link', column: 'professional_id', name: 'fk_care_team_link_professional', check: 'ck_care_team_link_professional_of_organisation' },
  { table: 'signal', column: 'signalled_by_id', name: 'fk_signal_signalled_by', check: 'ck_signal_signalled_by_of_organisation' },
];

/** The professional a row names (column TG_ARGV[0]) belongs to the row's organisation now; share-locked against a move. */
const OF_ORGANISATION = `
  CREATE FUNCTION eenplan_professional_of_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    person uuid := (to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
  BEGIN
    IF person IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM professional p WHERE p.tenant_id = NEW.tenant_id AND p.id = person AND p.organisation_id = NEW.organisation_id FOR SHARE) THEN
      RAISE EXCEPTION 'the professional belongs to the organisation the row names' USING ERRCODE = 'check_violation', CONSTRAINT = TG_ARGV[1];
    END IF;
    RETURN NEW;
  END $$`;

const MOVES_WITHOUT_LINKS = `
  CREATE FUNCTION professional_moves_without_links() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF EXISTS (SELECT 1 FROM care_team_link ct WHERE ct.tenant_id = OLD.tenant_id AND ct.professional_id = OLD.id AND ct.organisation_id = OLD.organisation_id AND ct.ended_at IS NULL) THEN
      RAISE EXCEPTION 'a professional moves to another organisation without standing care-team links of the old one' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_professional_moves_without_links';
    END IF;
    RETURN NEW;
  END $$`;
