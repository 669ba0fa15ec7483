import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { SignalOrganisationRefDto, SignalProfessionalRefDto } from '../../dto/signal.dto.js';
import { SIGNAL_CATEGORIES, SIGNAL_SEVERITIES, type SignalCategory, type SignalSeverity } from '../../signal-values.js';
import { INTAKE_CLOSE_OUTCOMES, INTAKE_ITEM_STATUSES, INTAKE_OUTCOMES, type IntakeCloseOutcome, type IntakeItemStatus, type IntakeOutcome } from '../intake-values.js';
import { IsOptional } from '../../../common/validators.js';

export class ListIntakeItemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INTAKE_ITEM_STATUSES, description: 'Only open or only closed items; both when absent.' })
  @IsOptional()
  @IsIn(INTAKE_ITEM_STATUSES)
  status?: IntakeItemStatus;
}

export class CloseIntakeItemDto {
  @ApiProperty({
    enum: INTAKE_CLOSE_OUTCOMES,
    description: '`handled`: picked up (organisations contacted); `no_action`: nothing to do; `not_same_family`: the signals share an address but not a family.',
  })
  @IsIn(INTAKE_CLOSE_OUTCOMES)
  outcome: IntakeCloseOutcome;
}

/** The family's address, while at least one of the item's signals still waits (afterwards only the household has it). */
export class IntakeAddressDto {
  @ApiProperty({ example: '3512AB' }) postcode: string;
  @ApiProperty({ minimum: 1, maximum: 99999 }) houseNumber: number;
}

export class IntakeOrganisationDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) firstSignalledAt: string;
  @ApiProperty({ format: 'date-time' }) lastSignalledAt: string;
  @ApiProperty({ minimum: 1 }) signalCount: number;
}

export class IntakeItemSignalDto {
  @ApiProperty({ format: 'uuid' }) signalId: string;
  @ApiProperty({ type: SignalOrganisationRefDto }) organisation: SignalOrganisationRefDto;
  @ApiProperty({ format: 'date-time' }) signalledAt: string;
  @ApiProperty({ format: 'date-time', description: 'When it became part of this item.' }) joinedAt: string;
  @ApiProperty({ enum: SIGNAL_CATEGORIES }) category: SignalCategory;
  @ApiProperty({ enum: SIGNAL_SEVERITIES }) severity: SignalSeverity;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Of the person it is about, while the signal waits; null once linked.' })
  dateOfBirth: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The household it was linked to; null while it waits.' })
  householdId: string | null;
}

/** Signals of two or more organisations about one not-yet-registered family, for the intake team. */
export class IntakeItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: INTAKE_ITEM_STATUSES }) status: IntakeItemStatus;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ enum: INTAKE_OUTCOMES, nullable: true, description: '`registered`: all of its signals were linked to a household.' })
  outcome: IntakeOutcome | null;
  @ApiProperty({ type: SignalProfessionalRefDto, nullable: true, description: 'Who closed it; null when open or resolved by registration.' })
  closedBy: SignalProfessionalRefDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The household registration linked its signals to.' })
  householdId: string | null;
  @ApiProperty({ type: IntakeAddressDto, nullable: true }) address: IntakeAddressDto | null;
  @ApiProperty({ type: [IntakeOrganisationDto], description: 'Which organisations signalled, and when, in the order they joined.' })
  organisations: IntakeOrganisationDto[];
  @ApiProperty({ type: [IntakeItemSignalDto] }) signals: IntakeItemSignalDto[];
}
