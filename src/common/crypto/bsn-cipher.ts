import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';

interface Keys {
  encryption: Array<{ id: string; key: Buffer }>;
  hash: Buffer;
}

/**
 * BSNs are stored only as AES-256-GCM ciphertext (with the id of the key, for rotation) and as an HMAC-SHA256
 * keyed hash for matching; addresses and birth dates get keyed match hashes too. Keys come from configuration; in development they are generated under DATA_DIR.
 */
@Injectable()
export class BsnCipher implements OnModuleInit {
  private keys: Keys;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.bsnEncryptionKeys && this.config.bsnHashKey) {
      this.keys = { encryption: this.config.bsnEncryptionKeys, hash: this.config.bsnHashKey };
      return;
    }
    this.keys = await loadOrCreateDevKeys(this.config.dataDir);
  }

  encrypt(bsn: string): { ciphertext: string; keyId: string } {
    const { id, key } = this.keys.encryption[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(bsn, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: id };
  }

  decrypt(ciphertext: string, keyId: string): string {
    const entry = this.keys.encryption.find((k) => k.id === keyId);
    if (!entry) throw new Error(`BSN key ${keyId} is not configured`);
    const raw = Buffer.from(ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', entry.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  hash(bsn: string): string {
    return this.keyedHash('bsn', bsn);
  }

  /** Match key of an address (normalised postcode + house number), so signals find households without clear text. */
  addressHash(postcode: string, houseNumber: number): string {
    return this.keyedHash('address', `${postcode.replace(/\s/g, '').toUpperCase()}:${houseNumber}`);
  }

  birthDateHash(dateOfBirth: string): string {
    return this.keyedHash('birth_date', dateOfBirth);
  }

  private keyedHash(purpose: 'bsn' | 'address' | 'birth_date', value: string): string {
    return createHmac('sha256', this.keys.hash).update(`${purpose}:${value}`).digest('hex');
  }
}

async function loadOrCreateDevKeys(dataDir: string): Promise<Keys> {
  const file = path.join(dataDir, 'dev-bsn-keys.json');
  if (!existsSync(file)) {
    await fs.mkdir(dataDir, { recursive: true });
    const fresh = { keyId: 'dev1', key: randomBytes(32).toString('base64'), hash: randomBytes(32).toString('base64') };
    await fs.writeFile(file, JSON.stringify(fresh), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  const stored = JSON.parse(await fs.readFile(file, 'utf8')) as { keyId: string; key: string; hash: string };
  return { encryption: [{ id: stored.keyId, key: Buffer.from(stored.key, 'base64') }], hash: Buffer.from(stored.hash, 'base64') };
}
