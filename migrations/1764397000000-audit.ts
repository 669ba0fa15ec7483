import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditSchema1764397000000 implements MigrationInterface {
  name = 'AuditSchema1764397000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
