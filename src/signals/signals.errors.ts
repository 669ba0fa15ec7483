import { defineErrors } from '../common/domain-error.js';

export const SignalErrors = defineErrors({
  SIGNAL_NOT_FOUND: { status: 404, title: { nl: 'Signaal niet gevonden', en: 'Signal not found' } },
  SIGNAL_ALREADY_ACKNOWLEDGED: { status: 409, title: { nl: 'Signaal al bevestigd', en: 'Signal already acknowledged' } },
  NOT_ALLOWED_TO_ACKNOWLEDGE: { status: 403, title: { nl: 'Niet toegestaan dit signaal te bevestigen', en: 'Not allowed to acknowledge this signal' } },
  INTAKE_TEAM_ONLY: { status: 403, title: { nl: 'Voor het intaketeam', en: 'For the intake team' } },
  INTAKE_ITEM_NOT_FOUND: { status: 404, title: { nl: 'Intake-item niet gevonden', en: 'Intake item not found' } },
  INTAKE_ITEM_CLOSED: { status: 409, title: { nl: 'Intake-item al afgesloten', en: 'Intake item already closed' } },
});

export const signalNotFound = (id: string) => SignalErrors.create('SIGNAL_NOT_FOUND', { nl: `Er bestaat geen signaal met id ${id}, of u mag het niet zien.`, en: `No signal with id ${id} exists, or it is not one you may see.` });

export const intakeItemNotFound = (id: string) => SignalErrors.create('INTAKE_ITEM_NOT_FOUND', {
  nl: `Er bestaat geen intake-item met id ${id} in uw gemeente.`,
  en: `No intake item with id ${id} exists in your municipality.`,
});
