import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { BsnCipher } from '../../common/crypto/bsn-cipher.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';

/** Which key ring encrypted a stored secret: rows from before WEBHOOK_SECRET_KEYS existed were encrypted with the BSN key. */
export type SecretKeyring = 'webhook' | 'bsn';

export interface EncryptedSecret {
  ciphertext: string;
  keyId: string;
}

/** Binds a ciphertext to its purpose: a webhook-key ciphertext can never be passed off as anything else. */
const AAD = Buffer.from('eenplan:webhook-secret:v1');

/**
 * Webhook signing secrets (whsec_…) are stored only as AES-256-GCM ciphertext under WEBHOOK_SECRET_KEYS — their own
 * key ring, separate from the BSN keys — with the id of the key so keys can rotate (newest first encrypts, all
 * decrypt). Secrets stored before this key ring existed were encrypted with the BSN key; they are read through the
 * BSN cipher (keyring `bsn`) until the subscription's secret is next rotated, which stores both the new and the
 * overlapping old secret under the webhook key.
 */
@Injectable()
export class WebhookSecretCipher implements OnModuleInit {
  private keys: Array<{ id: string; key: Buffer }>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bsnCipher: BsnCipher,
  ) {}

  async onModuleInit(): Promise<void> {
    this.keys = this.config.webhooks.secretKeys ?? (await loadOrCreateDevKeys(this.config.dataDir));
  }

  encrypt(secret: string): EncryptedSecret {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: id };
  }

  decrypt(ciphertext: string, keyId: string, keyring: SecretKeyring): string {
    if (keyring === 'bsn') return this.bsnCipher.decrypt(ciphertext, keyId);
    const entry = this.keys.find((k) => k.id === keyId);
    if (!entry) throw new Error(`webhook secret key ${keyId} is not configured (WEBHOOK_SECRET_KEYS)`);
    const raw = Buffer.from(ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', entry.key, raw.subarray(0, 12));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

async function loadOrCreateDevKeys(dataDir: string): Promise<Array<{ id: string; key: Buffer }>> {
  const file = path.join(dataDir, 'dev-webhook-secret-keys.json');
  if (!existsSync(file)) {
    await fs.mkdir(dataDir, { recursive: true });
    const fresh = { keyId: 'devwh1', key: randomBytes(32).toString('base64') };
    // `wx`: two processes starting at once keep the first file, so both read the same key
    await fs.writeFile(file, JSON.stringify(fresh), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  const stored = JSON.parse(await fs.readFile(file, 'utf8')) as { keyId: string; key: string };
  return [{ id: stored.keyId, key: Buffer.from(stored.key, 'base64') }];
}
