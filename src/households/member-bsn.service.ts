import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { BsnCipher } from '../common/crypto/bsn-cipher.js';
import { RequestContext } from '../common/request-context.js';
import type { MemberBsnDto } from './dto/member-bsn.dto.js';
import { HouseholdErrors } from './households.errors.js';
import { HouseholdsRepository } from './households.repository.js';

/**
 * The BSN is never part of a household or member answer. The one role that needs the number itself — the
 * household's coordinator, who arranges benefits, debt counselling and referrals with agencies that ask for it —
 * fetches it on purpose, one member at a time; everyone else only sees whether one is on record (`hasBsn`).
 */
@Injectable()
export class MemberBsnService {
  constructor(
    private readonly households: HouseholdsRepository,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly cipher: BsnCipher,
  ) {}

  async reveal(householdId: string, memberId: string): Promise<MemberBsnDto> {
    await this.access.requireVisible(householdId);
    const coordinatorId = await this.access.activeCoordinatorId(householdId);
    if (coordinatorId !== this.context.actor.professionalId || this.context.actor.kind !== 'professional') {
      throw HouseholdErrors.create('BSN_NOT_FOR_YOU', {
        nl: 'Alleen de regisseur van het huishouden mag een burgerservicenummer zien; anderen zien of er een is vastgelegd (hasBsn).',
        en: "Only the household's coordinator may see a citizen service number; others see whether one is on record (hasBsn).",
      });
    }
    const member = await this.households.findActiveMember(householdId, memberId);
    if (!member) {
      throw HouseholdErrors.create('MEMBER_NOT_FOUND', {
        nl: `Huishouden ${householdId} heeft geen gezinslid ${memberId}.`,
        en: `Household ${householdId} has no member ${memberId}.`,
      });
    }
    if (member.bsnCiphertext === null || member.bsnKeyId === null) {
      throw HouseholdErrors.create('BSN_NOT_ON_RECORD', {
        nl: `Er is geen burgerservicenummer vastgelegd voor gezinslid ${memberId}.`,
        en: `No citizen service number is on record for member ${memberId}.`,
      });
    }
    return { memberId, bsn: this.cipher.decrypt(member.bsnCiphertext, member.bsnKeyId) };
  }
}
