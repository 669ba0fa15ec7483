import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, ValidateIf } from 'class-validator';
import { LifeDomainCodes } from './life-domain-codes.decorator.js';
import { IsOptional, IsUuid } from '../../common/validators.js';

const DOMAINS = 'Life-domain codes (GET /life-domains) it covers: goals, actions and scores of other domains stay hidden. Omit or null: every domain.';
const MEMBERS = 'Members it covers: data of other members (their rows, BSN, their assessments and contact moments) stays hidden. Omit or null: the whole household.';

/**
 * What a care-team link covers (purpose limitation). Every field left out covers everything of its kind, so a link
 * without a scope sees what it always saw; a coordinator narrows it.
 */
export class CareTeamScopeDto {
  @LifeDomainCodes(DOMAINS)
  domains?: string[] | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', nullable: true, maxItems: 50, uniqueItems: true, description: MEMBERS })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUuid({ each: true })
  memberIds?: string[] | null;

  @ApiPropertyOptional({ default: true, description: 'Whether it opens members\' citizen service numbers (BSN).' })
  @IsOptional()
  @IsBoolean()
  bsn?: boolean;

  @ApiPropertyOptional({ default: true, description: 'Whether it opens free-text case notes: contact moments and their notes, and escalations (their reasons and outcomes).' })
  @IsOptional()
  @IsBoolean()
  contactNotes?: boolean;
}

/** What a link covers, as read back: null lists cover everything of their kind. */
export class CareTeamScopeViewDto {
  @ApiProperty({ type: [String], nullable: true, description: 'null: every life domain.' }) domains: string[] | null;
  @ApiProperty({ type: [String], format: 'uuid', nullable: true, description: 'null: the whole household. Members hidden from the reader (purpose limitation) are left out of the list.' }) memberIds: string[] | null;
  @ApiProperty() bsn: boolean;
  @ApiProperty({ description: 'Whether it opens free-text case notes: contact moments and escalations, and — with every member and every life domain — the free text about the whole household (registration, close, reopen, link-end and consent-withdrawal reasons).' }) contactNotes: boolean;
}
