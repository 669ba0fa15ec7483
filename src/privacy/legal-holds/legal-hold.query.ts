import { Injectable } from '@nestjs/common';
import { LegalHoldsRepository } from './legal-holds.repository.js';

/**
 * The port other privacy features ask before removing anything of a case (the erasure requests of item 4): is the
 * household under a legal hold? Joins the current transaction (a request's, held to its municipality, or system
 * work); import LegalHoldsModule to inject it.
 */
@Injectable()
export class LegalHoldQuery {
  constructor(private readonly holds: LegalHoldsRepository) {}

  isHeld(tenantId: string, householdId: string): Promise<boolean> {
    return this.holds.isHeld(tenantId, householdId);
  }
}
