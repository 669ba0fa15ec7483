import { Injectable, Logger } from '@nestjs/common';
import { BsnCipher } from '../common/crypto/bsn-cipher.js';

/** Who a signal is about, in clear text: only for the intake team, only while the signal has no household. */
export interface SignalSubject {
  postcode: string;
  houseNumber: number;
  dateOfBirth: string;
}

/**
 * Seals a signal's address and date of birth with the application's AES-256-GCM keys (the BSN keys, with their
 * key id for rotation). Together they identify a person next to a sensitive concern, so they are not kept in
 * clear text; the match itself only ever uses the keyed hashes.
 */
@Injectable()
export class SignalSubjectCipher {
  private readonly logger = new Logger(SignalSubjectCipher.name);

  constructor(private readonly cipher: BsnCipher) {}

  seal(subject: SignalSubject): { ciphertext: string; keyId: string } {
    const { postcode, houseNumber, dateOfBirth } = subject;
    return this.cipher.encrypt(JSON.stringify({ v: 1, postcode, houseNumber, dateOfBirth }));
  }

  /** Null when the key is no longer configured or the ciphertext is damaged (logged without content). */
  open(ciphertext: string, keyId: string): SignalSubject | null {
    try {
      const { postcode, houseNumber, dateOfBirth } = JSON.parse(this.cipher.decrypt(ciphertext, keyId)) as SignalSubject;
      return { postcode, houseNumber, dateOfBirth };
    } catch {
      this.logger.warn(`A signal's subject could not be decrypted with key ${keyId}.`);
      return null;
    }
  }
}
