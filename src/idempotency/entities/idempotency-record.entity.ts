import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a POST sent with an Idempotency-Key, per caller and key, kept for 24 hours (then swept).
 * An answer that showed a secret is withheld: only the fact that it succeeded is kept, never its body.
 */
@Entity('idempotency_record')
@Index('ix_idempotency_record_expires', ['expiresAt'])
@Check('ck_idempotency_record_state', `"state" IN ('in_progress', 'done')`)
@Check('ck_idempotency_record_done', `("state" = 'done') = ("response_status" IS NOT NULL)`)
@Check('ck_idempotency_record_withheld', `NOT "response_withheld" OR "response_body" IS NULL`)
export class IdempotencyRecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  actorId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'varchar', length: 16 })
  state: 'in_progress' | 'done';

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody: { [key: string]: unknown } | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  responseLocation: string | null;

  /** The first answer's ETag, so a replay lets the caller update what it created (If-Match). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  responseEtag: string | null;

  /** The first answer showed a secret: its body is not kept and a replay is refused (409). */
  @Column({ type: 'boolean', default: false })
  responseWithheld: boolean;

  /**
   * What the caller could see of the households the answer concerns when it was made (purpose limitation): a replay
   * is served only while that is still so. Null for records kept before it was (their replay is refused).
   */
  @Column({ type: 'text', nullable: true })
  readerScope: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
