import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SignalsSchema1764391000000 implements MigrationInterface {
  name = 'SignalsSchema1764391000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
