import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiClientsSchema1764398000000 implements MigrationInterface {
  name = 'ApiClientsSchema1764398000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
