import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { IsBirthDate, IsBsn, IsNotBlank, IsPostcode, IsOptional } from '../../common/validators.js';
import { INTAKE_ITEM_STATUSES, type IntakeItemStatus } from '../intake/intake-values.js';
import { SIGNAL_CATEGORIES, SIGNAL_SEVERITIES, SIGNAL_STATUSES, type SignalCategory, type SignalSeverity, type SignalStatus } from '../signal-values.js';

export class CreateSignalDto {
  @ApiProperty({ example: '3512 AB', description: 'Postcode of the address the concern is about.' })
  @IsPostcode()
  postcode: string;

  @ApiProperty({ minimum: 1, maximum: 99999, example: 12 })
  @IsInt()
  @Min(1)
  @Max(99999)
  houseNumber: number;

  @ApiProperty({ format: 'date', example: '2014-09-02', description: 'Date of birth of the person the concern is about.' })
  @IsBirthDate()
  dateOfBirth: string;

  @ApiPropertyOptional({ description: 'Burgerservicenummer. Stored encrypted with a keyed hash for matching; never returned.', example: '111222333' })
  @IsOptional()
  @IsBsn()
  bsn?: string;

  @ApiProperty({ enum: SIGNAL_CATEGORIES })
  @IsIn(SIGNAL_CATEGORIES)
  category: SignalCategory;

  @ApiProperty({ enum: SIGNAL_SEVERITIES })
  @IsIn(SIGNAL_SEVERITIES)
  severity: SignalSeverity;

  @ApiProperty({ maxLength: 500, description: 'A short note for the intake team and the coordinator; never shared with other organisations.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  note: string;
}

export class ListSignalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SIGNAL_STATUSES, description: '`unmatched` is the intake list: signals not (yet) part of a match and not acknowledged.' })
  @IsOptional()
  @IsIn(SIGNAL_STATUSES)
  status?: SignalStatus;

  @ApiPropertyOptional({ enum: SIGNAL_CATEGORIES })
  @IsOptional()
  @IsIn(SIGNAL_CATEGORIES)
  category?: SignalCategory;
}

export class SignalOrganisationRefDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
}

export class SignalProfessionalRefDto {
  @ApiProperty({ format: 'uuid' }) professionalId: string;
  @ApiProperty() name: string;
}

export class SignalCoordinatorRefDto {
  @ApiProperty({ format: 'uuid' }) professionalId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() organisationName: string;
}

/** Who is involved — never what: no household details, no other organisation's signal. */
export class SignalInvolvementDto {
  @ApiProperty({ type: [SignalOrganisationRefDto], description: 'The organisations whose signals make up the match, in the order they joined.' })
  organisations: SignalOrganisationRefDto[];

  @ApiProperty({ type: SignalCoordinatorRefDto, nullable: true, description: "The household's coordinator (regisseur); null while there is none." })
  coordinator: SignalCoordinatorRefDto | null;

  @ApiProperty({ type: SignalOrganisationRefDto, nullable: true, description: 'The intake team that picks the match up while there is no coordinator.' })
  intakeTeam: SignalOrganisationRefDto | null;
}

/**
 * The signal is part of an intake item: another organisation also signalled about this not-yet-registered family,
 * and the intake team will be in touch. Which organisation, and what it signalled, is not disclosed.
 */
export class SignalIntakeDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The intake item; only for the intake team and supervisors.' })
  intakeItemId: string | null;

  @ApiProperty({ enum: INTAKE_ITEM_STATUSES }) status: IntakeItemStatus;

  @ApiProperty({ type: SignalOrganisationRefDto, nullable: true, description: 'The intake team that picks it up.' })
  intakeTeam: SignalOrganisationRefDto | null;
}

/** The address and date of birth, for the intake team only, while the signal has no household. */
export class SignalSubjectDto {
  @ApiProperty({ example: '3512AB' }) postcode: string;
  @ApiProperty() houseNumber: number;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
}

export class SignalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: SignalOrganisationRefDto, description: 'The signalling organisation.' }) organisation: SignalOrganisationRefDto;
  @ApiProperty({ type: SignalProfessionalRefDto }) signalledBy: SignalProfessionalRefDto;
  @ApiProperty({ enum: SIGNAL_CATEGORIES }) category: SignalCategory;
  @ApiProperty({ enum: SIGNAL_SEVERITIES }) severity: SignalSeverity;
  @ApiProperty() note: string;
  @ApiProperty({ description: 'Whether a BSN was given (the BSN itself is never returned).' }) hasBsn: boolean;
  @ApiProperty({ enum: SIGNAL_STATUSES }) status: SignalStatus;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The household, only for those who may see it (intake team, supervisors, its coordinator, its care team); null otherwise.',
  })
  householdId: string | null;

  @ApiProperty({ type: SignalInvolvementDto, nullable: true, description: 'Present once the signal is part of a match.' })
  involvement: SignalInvolvementDto | null;

  @ApiProperty({ type: SignalSubjectDto, nullable: true, description: 'Only for the intake team and supervisors, only while the signal has no household.' })
  subject: SignalSubjectDto | null;

  @ApiProperty({ type: SignalIntakeDto, nullable: true, description: 'Present once another organisation also signalled about the family before it was registered.' })
  intake: SignalIntakeDto | null;

  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) matchedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acknowledgedAt: string | null;

  @ApiProperty({ type: SignalProfessionalRefDto, nullable: true, description: 'Who acknowledged it; shown to the intake team, supervisors and the coordinator.' })
  acknowledgedBy: SignalProfessionalRefDto | null;

  @ApiProperty({ format: 'date-time', description: 'Takes part in matching until then (2 years).' }) activeUntil: string;
  @ApiProperty({ format: 'date-time', description: 'Kept until then (5 years), then purged.' }) retainUntil: string;
  @ApiProperty({ description: 'Still taking part in matching.' }) active: boolean;
}
