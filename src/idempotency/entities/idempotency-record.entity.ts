import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The first answer to a POST sent with an Idempotency-Key, per caller and key, kept for 24 hours. */
@Entity('idempotency_record')
@Index('ix_idempotency_record_expires', ['expiresAt'])
@Check('ck_idempotency_record_state', `"state" IN ('in_progress', 'done')`)
@Check('ck_idempotency_record_done', `("state" = 'done') = ("response_status" IS NOT NULL)`)
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

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
