import { ApiProperty } from '@nestjs/swagger';

/** A professional as shown next to case work: who recorded, opened or resolved something. */
export class ProfessionalRefDto {
  @ApiProperty({ format: 'uuid' }) professionalId: string;
  @ApiProperty() name: string;
}

/** A household member as shown next to case work (still shown after the member was removed). */
export class MemberRefDto {
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty() name: string;
}
