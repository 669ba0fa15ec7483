import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A job that failed for good: kept with its reason so an admin can see and retry it. Payload holds ids only. */
@Entity('dead_letter')
@Index('ix_dead_letter_open', ['failedAt'], { where: '"retried_at" IS NULL' })
export class DeadLetterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  tenantId: string | null;

  @Column({ type: 'varchar', length: 64 })
  queue: string;

  @Column({ type: 'varchar', length: 100 })
  jobName: string;

  @Column({ type: 'varchar', length: 200 })
  jobId: string;

  @Column({ type: 'jsonb' })
  payload: { [key: string]: string | number };

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ type: 'timestamptz' })
  failedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retriedAt: Date | null;
}
