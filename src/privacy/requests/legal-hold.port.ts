/**
 * Whether a legal hold stands on a household (issue 13 item 3: set and lifted by the privacy officer in
 * src/privacy/legal-holds). Erasure keeps everything of a held household. This module declares the port and a
 * default that holds nothing; the composition root binds the real implementation:
 * `PrivacyRequestsModule.forRoot({ legalHolds: LegalHoldsService })` (see app.module.ts).
 */
export interface LegalHoldPort {
  isHeld(tenantId: string, householdId: string): Promise<boolean>;
}

export const LEGAL_HOLD_PORT = Symbol('LEGAL_HOLD_PORT');

/** Until legal holds are wired in: nothing is held. */
export class NoLegalHolds implements LegalHoldPort {
  isHeld(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
