import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { compactVerify, CompactSign, importJWK, type JWK } from 'jose';
import { importSigningKey, loadOrCreateSigningKey, type DevSigningKey } from '../auth/dev-signing-key.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { CheckpointClaim, RetirementClaim } from './audit-chain.js';

const ALG = 'ES256';
type VerifyKey = Awaited<ReturnType<typeof importJWK>>;

/** A checkpoint as published: the claim and its ES256 signature (a compact JWS whose payload is the claim). */
export interface SignedCheckpoint extends CheckpointClaim {
  jws: string;
}

/**
 * The audit trail's two keys, neither kept in the database: the HMAC key of the chain (AUDIT_SEAL_KEY) and the
 * ES256 key that signs checkpoints (AUDIT_CHECKPOINT_KEY). Configured in production (the configuration refuses to
 * start without them); in development and tests generated once under DATA_DIR, like the development signing key.
 */
@Injectable()
export class AuditKeyring implements OnModuleInit {
  private seal?: KeyObject;
  private signer?: DevSigningKey;
  private verifier?: VerifyKey;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  async load(): Promise<void> {
    if (this.seal) return;
    const { sealKey, checkpointKey } = this.config.audit;
    this.seal = createSecretKey(sealKey ?? (await loadOrCreateSealKey(this.config.dataDir)));
    this.signer = checkpointKey
      ? await importSigningKey(checkpointKey, 'audit-configured')
      : await loadOrCreateSigningKey(this.config.dataDir, 'dev-audit-checkpoint-key.json', 'audit-dev');
    this.verifier = await importJWK(this.signer.publicJwk, ALG);
  }

  get sealKey(): KeyObject {
    if (!this.seal) throw new Error('audit keys not loaded');
    return this.seal;
  }

  /** The public half, for anyone who checks checkpoints outside Eenplan. */
  get publicJwk(): JWK {
    if (!this.signer) throw new Error('audit keys not loaded');
    return this.signer.publicJwk;
  }

  async sign(claim: CheckpointClaim): Promise<string> {
    if (!this.signer) throw new Error('audit keys not loaded');
    return new CompactSign(new TextEncoder().encode(JSON.stringify(claim)))
      .setProtectedHeader({ alg: ALG, kid: this.signer.kid, typ: 'eenplan-audit-checkpoint' })
      .sign(this.signer.privateKey);
  }

  /** A month's retirement record (another `typ`, and `kind: 'retirement'`, so it is never taken for a checkpoint). */
  async signRetirement(claim: RetirementClaim): Promise<string> {
    if (!this.signer) throw new Error('audit keys not loaded');
    return new CompactSign(new TextEncoder().encode(JSON.stringify(claim)))
      .setProtectedHeader({ alg: ALG, kid: this.signer.kid, typ: 'eenplan-audit-retirement' })
      .sign(this.signer.privateKey);
  }

  /** The retirement a JWS carries if our key signed it as one, else undefined. */
  async verifyRetirement(jws: string): Promise<RetirementClaim | undefined> {
    if (!this.verifier) throw new Error('audit keys not loaded');
    try {
      const { payload, protectedHeader } = await compactVerify(jws, this.verifier, { algorithms: [ALG] });
      const claim = JSON.parse(new TextDecoder().decode(payload)) as RetirementClaim;
      return protectedHeader.typ === 'eenplan-audit-retirement' && claim.kind === 'retirement' ? claim : undefined;
    } catch {
      return undefined;
    }
  }

  /** The claim a JWS carries if our key signed it, else undefined (forged, altered, or another key's). */
  async verify(jws: string): Promise<CheckpointClaim | undefined> {
    if (!this.verifier) throw new Error('audit keys not loaded');
    try {
      const { payload } = await compactVerify(jws, this.verifier, { algorithms: [ALG] });
      return JSON.parse(new TextDecoder().decode(payload)) as CheckpointClaim;
    } catch {
      return undefined;
    }
  }
}

async function loadOrCreateSealKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'dev-audit-seal-key.json');
  if (!existsSync(file)) {
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(file, JSON.stringify({ key: randomBytes(32).toString('base64') }), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return Buffer.from((JSON.parse(await fs.readFile(file, 'utf8')) as { key: string }).key, 'base64');
}

/** Whether two checkpoints (one published here, one held outside) make the same claim. */
export function sameClaim(a: CheckpointClaim, b: CheckpointClaim): boolean {
  return a.tenantId === b.tenantId && a.segment === b.segment && a.number === b.number && a.lastSeq === b.lastSeq && a.chain === b.chain && a.count === b.count && a.total === b.total
    && (a.form ?? 1) === (b.form ?? 1);
}
