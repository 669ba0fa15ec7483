import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsIn, MaxLength, ValidateIf } from 'class-validator';
import { IsHttpUrl } from '../../../common/validators.js';
import { PARTNER_EVENT_TYPES } from '../../../events/event-types.js';

const EVENT_TYPES = ['*', ...PARTNER_EVENT_TYPES];

const URL_RULES =
  'An absolute http or https URL, as the WHATWG URL standard parses it (400 otherwise). ' +
  'Only public internet addresses: a host that resolves to a loopback, private (RFC 1918), link-local, carrier-grade NAT, ' +
  'IPv6 unique local, multicast, broadcast, unspecified, reserved or cloud metadata address is refused (422 DESTINATION_REFUSED), ' +
  'when the URL is saved and again each time a delivery connects. In production: https only (422 INSECURE_URL), ports 443 and 8443 unless configured otherwise.';

export class CreateWebhookDto {
  @ApiProperty({ maxLength: 2000, example: 'https://partner.example.nl/eenplan/webhooks', description: URL_RULES })
  @IsHttpUrl()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, description: 'Event types to receive; "*" for all of households you are involved with.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes: string[];
}

/** At least one field: an empty PATCH is a 400 NOTHING_TO_CHANGE (it is almost always a client bug, e.g. misnamed fields dropped by a serializer). */
export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2000, description: URL_RULES })
  @ValidateIf((o: UpdateWebhookDto) => o.url !== undefined)
  @IsHttpUrl()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true })
  @ValidateIf((o: UpdateWebhookDto) => o.eventTypes !== undefined)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ description: 'Re-enable a subscription that was disabled after failures (or pause it).' })
  @ValidateIf((o: UpdateWebhookDto) => o.enabled !== undefined)
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) eventTypes: string[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) disabledReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'After a secret rotation: until when the previous secret still signs deliveries next to the new one (a second `v1,` signature in `webhook-signature`).',
  })
  previousSecretExpiresAt: string | null;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'Signing secret (Standard Webhooks, whsec_…). Shown only now: store it safely.' }) secret: string;
}

export class RotatedWebhookSecretDto extends WebhookDto {
  @ApiProperty({ description: 'The new signing secret (whsec_…). Shown only now: store it safely. The previous secret keeps signing until previousSecretExpiresAt.' })
  secret: string;
}

export const ATTEMPT_ERRORS = ['no_answer', 'refused_destination'] as const;

/**
 * One attempt as the partner sees it: delivered or not, and the status code of their own endpoint. Without an HTTP
 * answer only `no_answer` or `refused_destination` — never which connection error, nor how long it took, which
 * would tell open, closed and filtered ports apart.
 */
export class WebhookAttemptDto {
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
  @ApiProperty({ description: 'True when the endpoint answered 2xx.' }) delivered: boolean;
  @ApiProperty({ nullable: true, type: Number, description: "The HTTP status your endpoint answered; null when there was no answer." }) statusCode: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Only when your endpoint answered.' }) durationMs: number | null;
  @ApiProperty({
    nullable: true,
    enum: ATTEMPT_ERRORS,
    type: String,
    description: '`refused_destination`: the URL resolved to an address webhooks may not go to (see the URL rules); `no_answer`: no HTTP answer (unreachable, timed out or reset).',
  })
  error: (typeof ATTEMPT_ERRORS)[number] | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ type: [WebhookAttemptDto] }) log: WebhookAttemptDto[];
}
