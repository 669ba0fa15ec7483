import { ApiProperty } from '@nestjs/swagger';

export class MemberBsnDto {
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty({ description: 'Burgerservicenummer (citizen service number), 9 digits.', example: '111222333' }) bsn: string;
}
