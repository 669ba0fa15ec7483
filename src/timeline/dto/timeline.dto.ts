import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { MemberRefDto, ProfessionalRefDto } from '../../casework/dto/casework-refs.dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { TIMELINE_TYPES, type TimelineType } from '../timeline-types.js';

/** `types=a,b` or `types=a&types=b` → ['a', 'b']. */
const splitList = ({ value }: { value: unknown }): unknown => {
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
  if (Array.isArray(value)) {
    return (value as unknown[]).flatMap((v): unknown[] => (typeof v === 'string' ? v.split(',').map((part) => part.trim()).filter((part) => part.length > 0) : [v]));
  }
  return value;
};

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: String,
    example: 'contact.recorded,escalation.opened',
    description: `Only these entry types, comma-separated. One of: ${TIMELINE_TYPES.join(', ')}.`,
  })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TIMELINE_TYPES.length)
  @IsIn(TIMELINE_TYPES, { each: true, message: `each value in types must be one of: ${TIMELINE_TYPES.join(', ')}` })
  types?: TimelineType[];
}

export class TimelineRegisteredDataDto {
  @ApiProperty() episode: number;
}

export class TimelineStatusChangedDataDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
}

export class TimelineEpisodeDataDto {
  @ApiProperty({ nullable: true, type: Number }) episode: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the episode was closed (household.closed) or reopened (household.reopened).' }) reason: string | null;
}

export class TimelineOrganisationRefDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
}

export class TimelineCoordinatorDataDto {
  @ApiProperty({ format: 'uuid' }) assignmentId: string;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true }) coordinator: ProfessionalRefDto | null;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true }) previousCoordinator: ProfessionalRefDto | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class TimelineCareTeamDataDto {
  @ApiProperty({ format: 'uuid' }) linkId: string;
  @ApiProperty({ enum: ['added', 'ended'], nullable: true }) change: 'added' | 'ended' | null;
  @ApiProperty({ type: TimelineOrganisationRefDto, nullable: true }) organisation: TimelineOrganisationRefDto | null;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true, description: 'Null for an organisation-level link.' }) professional: ProfessionalRefDto | null;
  @ApiProperty({ nullable: true, type: String }) role: string | null;
  @ApiProperty({ nullable: true, type: String }) basis: string | null;
  @ApiProperty({ nullable: true, type: String }) endReason: string | null;
}

export class TimelinePlanDataDto {
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The plan revision (version) this change produced.' }) revision: number | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'What changed: { op, target, id?, fields? } per change.' })
  changes: Array<Record<string, unknown>>;
}

export class TimelineContactDataDto {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ nullable: true, type: String, enum: ['home_visit', 'call', 'meeting', 'other'] }) kind: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) occurredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: [MemberRefDto] }) members: MemberRefDto[];
}

export class TimelineAssessmentDataDto {
  @ApiProperty({ format: 'uuid' }) assessmentId: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) assessedOn: string | null;
  @ApiProperty({ type: MemberRefDto, nullable: true, description: 'Null for the whole household.' }) member: MemberRefDto | null;
  @ApiProperty({ nullable: true, type: Number }) total: number | null;
  @ApiProperty({ nullable: true, type: Number }) domainCount: number | null;
}

export class TimelineSignalDataDto {
  @ApiProperty({ format: 'uuid' }) signalId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'signal.matched: the match.' }) matchId: string | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'signal.matched: the signals brought together.' }) signalIds: string[];
  @ApiProperty({ type: [TimelineOrganisationRefDto], description: 'The signalling organisations: who is involved, not what.' }) organisations: TimelineOrganisationRefDto[];
}

export class TimelineEscalationDataDto {
  @ApiProperty({ format: 'uuid' }) escalationId: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'On escalation.resolved entries.' }) outcome: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Whether the escalation is resolved now.' }) resolved: boolean | null;
}

export class TimelineActionOverdueDataDto {
  @ApiProperty({ format: 'uuid' }) actionId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) goalId: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'The due date that passed.' }) dueDate: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['professional', 'organisation', 'member', 'network_member'] }) ownerType: string | null;
}

export const TIMELINE_DATA_MODELS = [
  TimelineRegisteredDataDto,
  TimelineStatusChangedDataDto,
  TimelineEpisodeDataDto,
  TimelineCoordinatorDataDto,
  TimelineCareTeamDataDto,
  TimelinePlanDataDto,
  TimelineContactDataDto,
  TimelineAssessmentDataDto,
  TimelineSignalDataDto,
  TimelineEscalationDataDto,
  TimelineActionOverdueDataDto,
];

const DATA_BY_TYPE =
  'household.registered → TimelineRegisteredDataDto; household.status_changed → TimelineStatusChangedDataDto; ' +
  'household.closed, household.reopened → TimelineEpisodeDataDto; coordinator.* → TimelineCoordinatorDataDto (assignmentId: the assignment, or the hand-over for handover_proposed/declined); ' +
  'care_team.changed → TimelineCareTeamDataDto; plan.created, plan.updated → TimelinePlanDataDto; contact.recorded → TimelineContactDataDto; ' +
  'assessment.recorded → TimelineAssessmentDataDto; signal.* → TimelineSignalDataDto; escalation.opened, escalation.resolved → TimelineEscalationDataDto; action.overdue → TimelineActionOverdueDataDto.';

export class TimelineEntryDto {
  @ApiProperty({ description: 'Stable id of the entry (the domain event).' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened.' }) at: string;
  @ApiProperty({ enum: TIMELINE_TYPES }) type: TimelineType;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true, description: 'Who did it; null for the system.' }) actor: ProfessionalRefDto | null;
  @ApiProperty({ oneOf: TIMELINE_DATA_MODELS.map((m) => ({ $ref: getSchemaPath(m) })), description: `Typed by \`type\`: ${DATA_BY_TYPE}` })
  data: object;
}
