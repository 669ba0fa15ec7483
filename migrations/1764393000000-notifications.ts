import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsSchema1764393000000 implements MigrationInterface {
  name = 'NotificationsSchema1764393000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
