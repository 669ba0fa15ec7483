import { constraintErrors } from '../../common/database-errors.js';
import { defineErrors } from '../../common/domain-error.js';

export const PrivacyRequestErrors = defineErrors({
  PRIVACY_REQUEST_NOT_FOUND: { status: 404, title: { nl: 'Privacyverzoek niet gevonden', en: 'Privacy request not found' } },
  PRIVACY_REQUEST_SUBJECT_NOT_FOUND: { status: 422, title: { nl: 'Betrokkene niet gevonden', en: 'Data subject not found' } },
  PRIVACY_REQUEST_INVALID_TRANSITION: { status: 409, title: { nl: 'Deze stap kan nu niet', en: 'This step is not possible now' } },
  PRIVACY_REQUEST_FOUR_EYES: { status: 409, title: { nl: 'Vier-ogenprincipe', en: 'Four-eyes principle' } },
  PRIVACY_REQUEST_RESTRICTION_OPEN: { status: 409, title: { nl: 'Er loopt al een beperking', en: 'A restriction is already open' } },
  PRIVACY_REQUEST_NO_REPORT: { status: 409, title: { nl: 'Nog geen verslag', en: 'No report yet' } },
  MEMBER_RESTRICTED: { status: 409, title: { nl: 'Verwerking beperkt', en: 'Processing restricted' } },
  HOUSEHOLD_RESTRICTED: { status: 409, title: { nl: 'Verwerking beperkt', en: 'Processing restricted' } },
});

const restrictedMember = {
  nl: 'Voor dit gezinslid geldt een beperking van de verwerking (AVG art. 18): de gegevens zijn in te zien maar kunnen niet worden gewijzigd. De functionaris gegevensbescherming kan de beperking opheffen.',
  en: 'Processing of this member\'s data is restricted (GDPR art. 18): it can be read but not changed. The data protection officer can lift the restriction.',
};

/**
 * Refusals by the database: the restriction triggers (migration 1764600100000) raise check_violation with these
 * names wherever a write touches restricted data — member changes, assessments, contact moments, actions — so every
 * route that writes gets the same clear 409 without knowing about restrictions.
 */
export const PrivacyRequestConstraintErrors = constraintErrors(PrivacyRequestErrors, {
  ck_member_not_restricted: { code: 'MEMBER_RESTRICTED', detail: restrictedMember },
  ck_household_not_restricted: {
    code: 'HOUSEHOLD_RESTRICTED',
    detail: {
      nl: 'Voor dit huishouden geldt een beperking van de verwerking (AVG art. 18): adres en gezinsleden zijn in te zien maar kunnen niet worden gewijzigd. De functionaris gegevensbescherming kan de beperking opheffen.',
      en: 'Processing of this household\'s data is restricted (GDPR art. 18): address and members can be read but not changed. The data protection officer can lift the restriction.',
    },
  },
  ck_privacy_request_four_eyes: {
    code: 'PRIVACY_REQUEST_FOUR_EYES',
    detail: { nl: 'Wie een verzoek vastlegt, kan het niet zelf goedkeuren of afwijzen.', en: 'Whoever recorded a request cannot approve or reject it themself.' },
  },
  ck_privacy_request_transition: {
    code: 'PRIVACY_REQUEST_INVALID_TRANSITION',
    detail: { nl: 'Het verzoek is intussen in een andere stap. Lees het opnieuw.', en: 'The request has moved on in the meantime. Read it again.' },
  },
  uq_privacy_request_open_restriction_member: {
    code: 'PRIVACY_REQUEST_RESTRICTION_OPEN',
    detail: { nl: 'Voor dit gezinslid loopt al een verzoek tot beperking.', en: 'A restriction request for this member is already open.' },
  },
  uq_privacy_request_open_restriction_household: {
    code: 'PRIVACY_REQUEST_RESTRICTION_OPEN',
    detail: { nl: 'Voor dit huishouden loopt al een verzoek tot beperking.', en: 'A restriction request for this household is already open.' },
  },
});
