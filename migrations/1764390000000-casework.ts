import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseworkSchema1764390000000 implements MigrationInterface {
  name = 'CaseworkSchema1764390000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
