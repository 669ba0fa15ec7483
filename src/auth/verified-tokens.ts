/**
 * Tokens already verified, by their exact bytes and audience, until they would stop being valid — so a client
 * sending the same bearer token on every request pays for the ES256 signature check once, not per request.
 * Only successes are kept; a token is kept at most `maxAgeMs` (a JWKS rotation is honoured within that), never past
 * its `exp` or the age bound on its `iat`. Who the subject is and whether they may still act is not cached here
 * (the principal cache answers that, and is cleared on every change).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { subject: string; validUntil: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(audience: string, token: string): string | undefined {
    const key = `${audience}\u0000${token}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.validUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.subject;
  }

  /** `expiresAtMs`: the earliest of `exp` and `iat` + the maximum token age (with clock tolerance), in ms. */
  remember(audience: string, token: string, subject: string, expiresAtMs: number): void {
    const validUntil = Math.min(expiresAtMs, this.now() + this.maxAgeMs);
    if (validUntil <= this.now() || this.maxEntries === 0) return;
    if (this.entries.size >= this.maxEntries) {
      // the oldest first (a Map keeps insertion order)
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(`${audience}\u0000${token}`, { subject, validUntil });
  }
}
