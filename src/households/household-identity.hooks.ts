import { Injectable } from '@nestjs/common';

/** A household whose identifying data (address, members' dates of birth or BSNs) was set or changed. */
export interface HouseholdIdentityChange {
  tenantId: string;
  householdId: string;
}

export type HouseholdIdentityListener = (change: HouseholdIdentityChange) => Promise<void>;

/**
 * The seam through which other modules react to a household becoming findable by its keys — signals waiting for
 * it are re-matched — without households depending on them (signals already depends on households). Listeners run
 * inside the change's transaction, under the household row lock, so the change and its consequences commit together.
 */
@Injectable()
export class HouseholdIdentityHooks {
  private readonly listeners: HouseholdIdentityListener[] = [];

  register(listener: HouseholdIdentityListener): void {
    this.listeners.push(listener);
  }

  async changed(change: HouseholdIdentityChange): Promise<void> {
    for (const listener of this.listeners) await listener(change);
  }
}
