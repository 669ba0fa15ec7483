import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An erasure (AVG art. 17) left an emergency access grant's reason and its review note untouched: both are free text
 * about the family ("crisis melding over gezin …"), and an outside probe found them served after the household was
 * erased. The grant stays, as the record that someone looked (NEN 7513), but its two texts are pseudonymised with the
 * household. Its guard kept every fact of a grant fixed; now an approved erasure of its household being executed
 * (`eenplan_privacy_erasure_running`, the transaction-local setting the erasure sets) may change those two texts, and
 * nothing else.
 */
export class ErasureCoversEmergencyAccess1764601600000 implements MigrationInterface {
  name = 'ErasureCoversEmergencyAccess1764601600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(guard(ERASURE_MAY_PSEUDONYMISE));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(guard(''));
  }
}

const ERASURE_MAY_PSEUDONYMISE = `
        IF eenplan_privacy_erasure_running(OLD.household_id)
           AND (NEW.tenant_id, NEW.household_id, NEW.professional_id, NEW.granted_at, NEW.expires_at, NEW.ended_at, NEW.ended_by_id, NEW.reviewed_at, NEW.reviewed_by_id, NEW.review_outcome)
               IS NOT DISTINCT FROM (OLD.tenant_id, OLD.household_id, OLD.professional_id, OLD.granted_at, OLD.expires_at, OLD.ended_at, OLD.ended_by_id, OLD.reviewed_at, OLD.reviewed_by_id, OLD.review_outcome)
           AND (NEW.review_note IS NULL) = (OLD.review_note IS NULL) THEN
          RETURN NEW; -- an erasure pseudonymises the reason and the review note, and changes nothing else
        END IF;`;

/** The guard of 1764600300000, with `before` run first. */
const guard = (before: string) => `CREATE OR REPLACE FUNCTION emergency_access_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN${before}
        IF (NEW.tenant_id, NEW.household_id, NEW.professional_id, NEW.reason, NEW.granted_at, NEW.expires_at)
           IS DISTINCT FROM (OLD.tenant_id, OLD.household_id, OLD.professional_id, OLD.reason, OLD.granted_at, OLD.expires_at) THEN
          RAISE EXCEPTION 'an emergency access grant cannot be changed, only ended and reviewed' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_emergency_access_fixed';
        END IF;
        IF OLD.ended_at IS NOT NULL AND (NEW.ended_at, NEW.ended_by_id) IS DISTINCT FROM (OLD.ended_at, OLD.ended_by_id) THEN
          RAISE EXCEPTION 'an emergency access grant ends once' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_emergency_access_fixed';
        END IF;
        IF OLD.reviewed_at IS NOT NULL AND (NEW.reviewed_at, NEW.reviewed_by_id, NEW.review_outcome, NEW.review_note)
           IS DISTINCT FROM (OLD.reviewed_at, OLD.reviewed_by_id, OLD.review_outcome, OLD.review_note) THEN
          RAISE EXCEPTION 'an emergency access grant is reviewed once' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_emergency_access_fixed';
        END IF;
        RETURN NEW;
      END $$`;
