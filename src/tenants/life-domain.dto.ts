import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsNotBlank, IsOptional, IsUniqueBy } from '../common/validators.js';

export class LifeDomainDto {
  @ApiProperty({ example: 'finances' }) code: string;
  @ApiProperty({ example: 'Financiën' }) labelNl: string;
  @ApiProperty({ example: 'Finances' }) labelEn: string;
  @ApiProperty() active: boolean;
}

export class LifeDomainInputDto {
  @ApiProperty({ example: 'digital_skills', maxLength: 40, pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'Stable code; an existing code keeps its goals and scores.' })
  @Matches(/^[a-z][a-z0-9_]{1,39}$/)
  code: string;

  @ApiProperty({ example: 'Digitale vaardigheden', maxLength: 100 })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  labelNl: string;

  @ApiProperty({ example: 'Digital skills', maxLength: 100 })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  labelEn: string;

  @ApiPropertyOptional({ default: true, description: 'Inactive domains stay on existing goals and scores but cannot be chosen for new ones.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ReplaceLifeDomainsDto {
  @ApiProperty({
    type: [LifeDomainInputDto],
    minItems: 1,
    maxItems: 60,
    description: 'The whole list, in order. A domain left out is not deleted (goals and scores keep it) but becomes inactive.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @IsUniqueBy('code')
  @ValidateNested({ each: true })
  @Type(() => LifeDomainInputDto)
  domains: LifeDomainInputDto[];
}
