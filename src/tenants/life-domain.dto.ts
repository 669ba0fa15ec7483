import { ApiProperty } from '@nestjs/swagger';

export class LifeDomainDto {
  @ApiProperty({ example: 'finances' }) code: string;
  @ApiProperty({ example: 'Financiën' }) labelNl: string;
  @ApiProperty({ example: 'Finances' }) labelEn: string;
  @ApiProperty() active: boolean;
}
