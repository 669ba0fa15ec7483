import { isDomainEventType, type DomainEventType } from '../../events/event-types.js';

/** Short, content-free e-mails: what kind of thing happened and where to look. No names, no case details. */
const LABELS: Record<'nl' | 'en', Partial<Record<DomainEventType, string>>> = {
  nl: {
    'coordinator.assigned': 'U bent regisseur geworden van een huishouden',
    'coordinator.handed_over': 'Een casus is overgedragen',
    'coordinator.handover_proposed': 'Er wordt u een casus overgedragen: accepteer of weiger',
    'coordinator.handover_declined': 'Een voorgestelde overdracht is geweigerd',
    'coordinator.handover_withdrawn': 'Een voorgestelde overdracht is ingetrokken: de voorsteller of de beoogde regisseur is vertrokken',
    'coordinator.stepped_down': 'Een huishouden heeft geen regisseur meer',
    'plan.created': 'Er is een gezinsplan gemaakt',
    'plan.updated': 'Een gezinsplan is gewijzigd',
    'action.assigned': 'Er is een actie aan u toegewezen',
    'action.completed': 'Een actie is afgerond',
    'action.overdue': 'Een actie is over de datum',
    'care_team.changed': 'Het team rond een huishouden is gewijzigd',
    'signal.matched': 'Meerdere organisaties maken zich zorgen over hetzelfde huishouden',
    'signal.intake_item_opened': 'Meerdere organisaties maken zich zorgen over een nog niet aangemeld gezin',
    'signal.intake_item_joined': 'Nog een organisatie maakt zich zorgen over een nog niet aangemeld gezin',
    'signal.intake_item_closed': 'Een aanmeldverzoek uit signalen is afgesloten',
    'signal.co_signalled': 'Ook een andere organisatie heeft dit gezin gesignaleerd; het aanmeldteam neemt contact met u op',
    'case.stalled': 'Een casus is vastgelopen',
    'escalation.opened': 'Een casus is opgeschaald',
    'webhook.disabled': 'Een webhook is uitgeschakeld na herhaalde fouten',
    'emergency_access.granted': 'Iemand heeft noodtoegang genomen tot een huishouden',
    'privacy.restriction_changed': 'De verwerking van gegevens in een huishouden is beperkt, of de beperking is opgeheven (AVG art. 18)',
    'action.owner_left': 'Acties in een gezinsplan hebben een nieuwe eigenaar nodig: de eigenaar is vertrokken',
  },
  en: {
    'coordinator.assigned': 'You are now the coordinator of a household',
    'coordinator.handed_over': 'A case was handed over',
    'coordinator.handover_proposed': 'A case is being handed over to you: accept or decline',
    'coordinator.handover_declined': 'A proposed hand-over was declined',
    'coordinator.handover_withdrawn': 'A proposed hand-over was withdrawn: the proposing or the proposed coordinator has left',
    'coordinator.stepped_down': 'A household no longer has a coordinator',
    'plan.created': 'A family plan was created',
    'plan.updated': 'A family plan was changed',
    'action.assigned': 'An action was assigned to you',
    'action.completed': 'An action was completed',
    'action.overdue': 'An action is overdue',
    'care_team.changed': "A household's care team changed",
    'signal.matched': 'Several organisations are concerned about the same household',
    'signal.intake_item_opened': 'Several organisations are concerned about a family not yet registered',
    'signal.intake_item_joined': 'One more organisation is concerned about a family not yet registered',
    'signal.intake_item_closed': 'An intake item from signals was closed',
    'signal.co_signalled': 'Another organisation also signalled this family; the intake team will contact you',
    'case.stalled': 'A case has stalled',
    'escalation.opened': 'A case was escalated',
    'webhook.disabled': 'A webhook was disabled after repeated failures',
    'emergency_access.granted': 'Someone took emergency access to a household',
    'privacy.restriction_changed': 'Processing of data in a household was restricted, or the restriction was lifted (GDPR art. 18)',
    'action.owner_left': 'Actions in a family plan need a new owner: their owner has left',
  },
};

export function renderEmail(language: 'nl' | 'en', type: string, inboxUrl: string): { subject: string; text: string } {
  const label = (isDomainEventType(type) ? LABELS[language][type] : undefined) ?? (language === 'nl' ? 'Er is iets gewijzigd in Eenplan' : 'Something changed in Eenplan');
  const text =
    language === 'nl'
      ? `${label}.\n\nBekijk de melding in Eenplan: ${inboxUrl}\n\nDeze e-mail bevat bewust geen gegevens over het huishouden.`
      : `${label}.\n\nSee the notification in Eenplan: ${inboxUrl}\n\nThis e-mail deliberately contains no details about the household.`;
  return { subject: `Eenplan: ${label}`, text };
}
