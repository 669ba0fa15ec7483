import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who acted in the operations log: a platform operator, or a professional who was refused there. */
export const OPERATIONS_ACTOR_KINDS = ['operator', 'professional'] as const;
export type OperationsActorKind = (typeof OPERATIONS_ACTOR_KINDS)[number];

/**
 * The platform's own audit log: what platform operators did (queue dashboard writes) and every refusal at the
 * operator boundary (an operator token on a municipality's API, a tenant admin at the dashboard). It belongs to
 * no municipality — no tenant chain, no row-level security — and holds ids, queue names and routes only, never
 * case data. Append-only in the database (migration 1764400200000): a row is written before the action runs and
 * only its `http_status` may be filled in, once, when the answer is known.
 */
@Entity('operations_log')
@Index('ix_operations_log_occurred', ['occurredAt'])
@Check('ck_operations_log_actor_kind', `"actor_kind" IN (${OPERATIONS_ACTOR_KINDS.map((k) => `'${k}'`).join(', ')})`)
export class OperationsLogEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 16 })
  actorKind: OperationsActorKind;

  /** An operator's token subject, or the refused professional's id. */
  @Column({ type: 'varchar', length: 255 })
  actorId: string;

  /** Only for a refused professional: the municipality they belong to (an id, no personal data). */
  @Column({ type: 'uuid', nullable: true })
  actorTenantId: string | null;

  /** `queue.pause`, `job.retry`, `tenant.create`, `dashboard.denied`, `api.denied`, … */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 8 })
  method: string;

  /** The path without its query string (dashboard paths hold queue names and job ids only), or the CLI command. */
  @Column({ type: 'varchar', length: 300 })
  path: string;

  /**
   * The municipality the action concerns (`tenant.create`); null for the shared queues. Not named `tenant_id`:
   * this row is not the municipality's data, and every `tenant_id` table is under row-level security.
   */
  @Column({ type: 'uuid', nullable: true })
  targetTenantId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  queue: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  jobId: string | null;

  /** Null until the answer is known (the row is written before the action runs). */
  @Column({ type: 'smallint', nullable: true })
  httpStatus: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sourceAddress: string | null;
}
