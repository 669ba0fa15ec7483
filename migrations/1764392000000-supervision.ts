import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SupervisionSchema1764392000000 implements MigrationInterface {
  name = 'SupervisionSchema1764392000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
