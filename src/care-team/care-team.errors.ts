import { constraintErrors } from '../common/database-errors.js';
import { defineErrors } from '../common/domain-error.js';

export const CareTeamErrors = defineErrors({
  LINK_NOT_FOUND: { status: 404, title: { nl: 'Koppeling met het zorgteam niet gevonden', en: 'Care-team link not found' } },
  LINK_ALREADY_ENDED: { status: 409, title: { nl: 'Koppeling al beëindigd', en: 'Link already ended' } },
  PROFESSIONAL_NOT_IN_ORGANISATION: { status: 422, title: { nl: 'Professional werkt niet voor deze organisatie', en: 'Professional does not work for this organisation' } },
  ORGANISATION_UNKNOWN: { status: 422, title: { nl: 'Onbekende organisatie', en: 'Unknown organisation' } },
  CONSENT_REQUIRED: { status: 422, title: { nl: 'Een vastgelegde toestemming is vereist', en: 'A recorded consent is required' } },
  CARE_TEAM_LINK_EXISTS: { status: 409, title: { nl: 'Al in het zorgteam', en: 'Already on the care team' } },
  PROFESSIONAL_INACTIVE: { status: 422, title: { nl: 'Professional is niet meer actief', en: 'Professional is no longer active' } },
});

/** Constraints of this module whose violation (a race past the service's own check) has an answer of its own. */
export const CareTeamConstraintErrors = constraintErrors(CareTeamErrors, {
  uq_care_team_link_active_org: { code: 'CARE_TEAM_LINK_EXISTS', detail: { nl: 'Deze organisatie heeft al een actieve koppeling met het huishouden. Beëindig die koppeling eerst om haar te wijzigen.', en: 'This organisation already has an active link to the household. End that link first to change it.' } },
  uq_care_team_link_active_professional: { code: 'CARE_TEAM_LINK_EXISTS', detail: { nl: 'Deze professional heeft al een actieve koppeling met het huishouden. Beëindig die koppeling eerst om haar te wijzigen.', en: 'This professional already has an active link to the household. End that link first to change it.' } },
});
