import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MemberRefDto, ProfessionalRefDto } from '../../dto/casework-refs.dto.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsDateOnly, IsUniqueBy, IsOptional, IsUuid } from '../../../common/validators.js';

export class ScoreInputDto {
  @ApiProperty({ maxLength: 40, example: 'finances', description: 'A code from GET /life-domains.' })
  @IsString()
  @MaxLength(40)
  domainCode: string;

  @ApiProperty({ minimum: 1, maximum: 5, description: '1 = acute problems … 5 = fully self-reliant.' })
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;
}

export class CreateAssessmentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The member assessed; omit to assess the whole household.' })
  @IsOptional()
  @IsUuid()
  memberId?: string;

  @ApiProperty({ format: 'date', description: 'The day of the assessment; today or earlier.' })
  @IsDateOnly()
  assessedOn: string;

  @ApiProperty({ type: [ScoreInputDto], minItems: 1, maxItems: 14, description: 'One score per life domain; each domain at most once.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(14)
  @IsUniqueBy('domainCode')
  @ValidateNested({ each: true })
  @Type(() => ScoreInputDto)
  scores: ScoreInputDto[];
}

export class ListAssessmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this member's assessments." })
  @IsOptional()
  @IsUuid()
  memberId?: string;

  @ApiPropertyOptional({ description: 'Only assessments of the whole household (no member).', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  householdOnly?: boolean;
}

export class CompareAssessmentsQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The earlier assessment (baseline).' })
  @IsUuid()
  from: string;

  @ApiProperty({ format: 'uuid', description: 'The later assessment; same household and same subject as `from`.' })
  @IsUuid()
  to: string;
}

export class ScoreDto {
  @ApiProperty() domainCode: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) score: number;
}

export class AssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ type: MemberRefDto, nullable: true, description: 'The member assessed; null for the whole household.' }) member: MemberRefDto | null;
  @ApiProperty({ format: 'date' }) assessedOn: string;
  @ApiProperty({ type: ProfessionalRefDto }) assessedBy: ProfessionalRefDto;
  @ApiProperty({ type: [ScoreDto], description: "In the order of the municipality's life-domain list." }) scores: ScoreDto[];
  @ApiProperty({ description: 'Sum of the scores.' }) total: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AssessmentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) assessedOn: string;
  @ApiProperty() total: number;
  @ApiProperty({ description: 'How many domains were scored.' }) domainCount: number;
}

export class DomainChangeDto {
  @ApiProperty() domainCode: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Score in `from`; null when not scored there.' }) from: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Score in `to`; null when not scored there.' }) to: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'to − from; null unless scored in both.' }) change: number | null;
}

export class AssessmentComparisonDto {
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ type: MemberRefDto, nullable: true, description: 'The member both assessments are about; null for the whole household.' }) member: MemberRefDto | null;
  @ApiProperty({ type: AssessmentSummaryDto }) from: AssessmentSummaryDto;
  @ApiProperty({ type: AssessmentSummaryDto }) to: AssessmentSummaryDto;
  @ApiProperty({ type: [DomainChangeDto] }) domains: DomainChangeDto[];
  @ApiProperty({ description: 'to.total − from.total.' }) totalChange: number;
  @ApiProperty({ description: 'Sum of the changes over the domains scored in both (like for like).' }) commonDomainsChange: number;
}
