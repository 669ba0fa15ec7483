import { defineErrors } from '../common/domain-error.js';

export const SignalErrors = defineErrors({
  SIGNAL_NOT_FOUND: { status: 404, title: 'Signal not found' },
  SIGNAL_ALREADY_ACKNOWLEDGED: { status: 409, title: 'Signal already acknowledged' },
  NOT_ALLOWED_TO_ACKNOWLEDGE: { status: 403, title: 'Not allowed to acknowledge this signal' },
});

export const signalNotFound = (id: string) => SignalErrors.create('SIGNAL_NOT_FOUND', `No signal with id ${id} exists, or it is not one you may see.`);
