import { ApiProperty, ApiPropertyOptional, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import { MemberRefDto, ProfessionalRefDto } from '../../dto/casework-refs.dto.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { registerSchemas } from '../../../common/openapi.js';
import { TIMELINE_TYPES, type TimelineType } from '../timeline-types.js';
import { IsOptional } from '../../../common/validators.js';

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
    isArray: true,
    enum: TIMELINE_TYPES,
    example: ['contact.recorded', 'escalation.opened'],
    description: 'Only these entry types: `types=a&types=b`, or comma-separated in one value (`types=a,b`).',
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
  @ApiProperty({ nullable: true, type: String, description: 'Why the episode was closed (household.closed) or reopened (household.reopened). A case note of the whole household: null for a reader whose scope does not open contact notes of every member and every life domain.' }) reason: string | null;
}

export class TimelineOrganisationRefDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
}

export class TimelineCoordinatorDataDto {
  @ApiProperty({ format: 'uuid', description: 'The assignment that started (assigned, handed over) or ended (stepped down); for a proposed or declined hand-over, the hand-over.' }) assignmentId: string;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true }) coordinator: ProfessionalRefDto | null;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true }) previousCoordinator: ProfessionalRefDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "This change's own reason: why the coordinator took the case (assigned, handed over), why the hand-over was proposed (handover_proposed) or declined (handover_declined), why the assignment ended (stepped_down, also when a deactivation left the household vacant); null for handover_withdrawn (the proposed or the proposing coordinator left or lost the coordinator role). Coordination's reasons are shown to everyone who may see the timeline.",
  })
  reason: string | null;
}

export class TimelineCareTeamDataDto {
  @ApiProperty({ format: 'uuid' }) linkId: string;
  @ApiProperty({ enum: ['added', 'ended', 'rescoped'], nullable: true }) change: 'added' | 'ended' | 'rescoped' | null;
  @ApiProperty({ type: TimelineOrganisationRefDto, nullable: true }) organisation: TimelineOrganisationRefDto | null;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true, description: 'Null for an organisation-level link.' }) professional: ProfessionalRefDto | null;
  @ApiProperty({ nullable: true, type: String }) role: string | null;
  @ApiProperty({ nullable: true, type: String }) basis: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the link ended (change ended). A case note of the whole household: null for a reader whose scope does not open contact notes of every member and every life domain.' }) endReason: string | null;
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
  @ApiProperty({ nullable: true, type: Number, description: 'Sum of the scores of the life domains the reader may see (purpose limitation).' }) total: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Number of scores the reader may see.' }) domainCount: number | null;
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

/** The `data` of each entry type: the discriminated union of the document is built from this map. */
export const TIMELINE_DATA_BY_TYPE: Readonly<Record<TimelineType, (typeof TIMELINE_DATA_MODELS)[number]>> = {
  'household.registered': TimelineRegisteredDataDto,
  'household.status_changed': TimelineStatusChangedDataDto,
  'household.closed': TimelineEpisodeDataDto,
  'household.reopened': TimelineEpisodeDataDto,
  'coordinator.assigned': TimelineCoordinatorDataDto,
  'coordinator.handed_over': TimelineCoordinatorDataDto,
  'coordinator.handover_proposed': TimelineCoordinatorDataDto,
  'coordinator.handover_declined': TimelineCoordinatorDataDto,
  'coordinator.handover_withdrawn': TimelineCoordinatorDataDto,
  'coordinator.stepped_down': TimelineCoordinatorDataDto,
  'care_team.changed': TimelineCareTeamDataDto,
  'plan.created': TimelinePlanDataDto,
  'plan.updated': TimelinePlanDataDto,
  'contact.recorded': TimelineContactDataDto,
  'assessment.recorded': TimelineAssessmentDataDto,
  'signal.received': TimelineSignalDataDto,
  'signal.matched': TimelineSignalDataDto,
  'signal.acknowledged': TimelineSignalDataDto,
  'escalation.opened': TimelineEscalationDataDto,
  'escalation.resolved': TimelineEscalationDataDto,
  'action.overdue': TimelineActionOverdueDataDto,
};

export class TimelineEntryDto {
  @ApiProperty({ description: 'Stable id of the entry (the domain event).' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened.' }) at: string;
  @ApiProperty({ enum: TIMELINE_TYPES }) type: TimelineType;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true, description: 'Who did it; null for the system.' }) actor: ProfessionalRefDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Typed by `type`: see the variants of `TimelineEntry`.' })
  data: object;
}

/**
 * `TimelineEntry`: one variant per data model (`TimelineEntry<Model>`: the entry with `type` narrowed to the types
 * that carry that model), a `oneOf` discriminated by `type`. openapi-typescript turns it into a union a partner can
 * narrow with `switch (entry.type)`.
 */
function timelineEntrySchemas(): Record<string, SchemaObject> {
  const variants = new Map<string, TimelineType[]>();
  for (const [type, model] of Object.entries(TIMELINE_DATA_BY_TYPE) as Array<[TimelineType, { name: string }]>) {
    variants.set(model.name, [...(variants.get(model.name) ?? []), type]);
  }
  const schemas: Record<string, SchemaObject> = {};
  const mapping: Record<string, string> = {};
  for (const [model, types] of variants) {
    const name = `TimelineEntry${model.replace(/^Timeline/, '').replace(/DataDto$/, '')}`;
    schemas[name] = {
      allOf: [
        { $ref: getSchemaPath(TimelineEntryDto) },
        { type: 'object', required: ['type', 'data'], properties: { type: { type: 'string', enum: types }, data: { $ref: `#/components/schemas/${model}` } } },
      ],
    };
    for (const type of types) mapping[type] = `#/components/schemas/${name}`;
  }
  schemas.TimelineEntry = {
    oneOf: Object.keys(schemas).map((name) => ({ $ref: `#/components/schemas/${name}` })),
    discriminator: { propertyName: 'type', mapping },
  };
  return schemas;
}
registerSchemas(timelineEntrySchemas());
