import { QueryFailedError } from 'typeorm';
import { constraintErrors, registerConstraintErrors, translateDatabaseError } from '../../src/common/database-errors.js';
import { defineErrors } from '../../src/common/domain-error.js';

/** Each module declares its own constraint → error table; the composition root registers them. */
const SampleErrors = defineErrors({ SAMPLE_TAKEN: { status: 409, title: { nl: 'Voorbeeld al in gebruik', en: 'Sample already taken' } } });
const SampleConstraintErrors = constraintErrors(SampleErrors, { uq_sample_name: { code: 'SAMPLE_TAKEN', detail: { nl: 'Kies een andere naam.', en: 'Choose another name.' } } });

const violation = (code: string, constraint: string) =>
  Object.assign(new QueryFailedError('INSERT …', [], new Error('violation')), { driverError: { code, constraint } });

describe('constraint → error tables', () => {
  it("answers a registered constraint's violation with the module's code, status, title and detail", () => {
    registerConstraintErrors(SampleConstraintErrors);
    const error = translateDatabaseError(violation('23505', 'uq_sample_name'));
    expect({ code: error?.code, status: error?.status, title: error?.title, detail: error?.detail }).toEqual({
      code: 'SAMPLE_TAKEN',
      status: 409,
      title: { nl: 'Voorbeeld al in gebruik', en: 'Sample already taken' },
      detail: { nl: 'Kies een andere naam.', en: 'Choose another name.' },
    });
  });

  it('answers a registered check (or a trigger raising check_violation under that name) with its error; an unregistered check stays INVALID_VALUE', () => {
    registerConstraintErrors(constraintErrors(SampleErrors, { ck_sample_frozen: { code: 'SAMPLE_TAKEN', detail: { nl: 'Bevroren.', en: 'Frozen.' } } }));
    expect(translateDatabaseError(violation('23514', 'ck_sample_frozen'))).toMatchObject({ code: 'SAMPLE_TAKEN', status: 409, detail: { nl: 'Bevroren.', en: 'Frozen.' } });
    expect(translateDatabaseError(violation('23514', 'ck_not_registered'))?.code).toBe('INVALID_VALUE');
  });

  it('answers an unregistered constraint with the generic DUPLICATE', () => {
    expect(translateDatabaseError(violation('23505', 'uq_not_registered'))?.code).toBe('DUPLICATE');
  });

  it('registers the same table twice without complaint, but refuses a second mapping of one constraint', () => {
    expect(() => registerConstraintErrors(SampleConstraintErrors)).not.toThrow();
    const other = constraintErrors(SampleErrors, { uq_sample_name: { code: 'SAMPLE_TAKEN', detail: { nl: 'Iets anders.', en: 'Something else.' } } });
    expect(() => registerConstraintErrors(other)).toThrow(/uq_sample_name/);
  });
});

describe('a version conflict raised by a change statement (EP412)', () => {
  const raised = (detail: string | undefined) =>
    Object.assign(new QueryFailedError('COMMIT with the transaction’s last writes', [], new Error('the plan changed since it was read')), { driverError: { code: 'EP412', detail } });

  it('is the 412 of a stale If-Match, naming the version the resource is at now', () => {
    const error = translateDatabaseError(raised('{"resource" : "plan", "currentVersion" : 7}'));
    expect({ code: error?.code, status: error?.status, extensions: error?.extensions }).toEqual({ code: 'PRECONDITION_FAILED', status: 412, extensions: { currentVersion: 7 } });
    expect(error?.detail.en).toMatch(/plan was changed by someone else .* now at version 7/);
    expect(error?.detail.nl).toMatch(/nu versie 7/);
  });

  it('without a readable resource and version (the row gone meanwhile, a detail not of ours) is still a conflict: 409, never a 500', () => {
    for (const detail of ['{"resource" : "plan", "currentVersion" : null}', '{"resource" : "nothing", "currentVersion" : 3}', 'not json', undefined]) {
      expect(translateDatabaseError(raised(detail))).toMatchObject({ code: 'CONCURRENT_CHANGE', status: 409 });
    }
  });
});
