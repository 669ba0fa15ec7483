import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsString, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../common/validators.js';
import { API_CLIENT_SCOPES, type ApiClientScope } from '../api-client-scopes.js';

export class CreateApiClientDto {
  @ApiProperty({ maxLength: 200, example: 'Jeugdhulp Midden – cliëntsysteem', description: 'What the client is, so admins recognise it later.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: API_CLIENT_SCOPES, isArray: true, minItems: 1, description: 'What the client may do; a token may ask for fewer.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(API_CLIENT_SCOPES.length)
  @ArrayUnique()
  @IsIn(API_CLIENT_SCOPES, { each: true })
  scopes: ApiClientScope[];
}

export class ApiClientDto {
  @ApiProperty({ format: 'uuid', description: 'The OAuth2 client_id.' }) clientId: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: API_CLIENT_SCOPES, isArray: true }) scopes: ApiClientScope[];
  @ApiProperty({ description: 'Goes up with every secret rotation.' }) secretGeneration: number;
  @ApiProperty({ format: 'uuid', description: 'The service principal the client acts as (shows as "done by" on its changes).' }) principalId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'uuid' }) createdById: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) rotatedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) revokedById: string | null;
}

export class ApiClientWithSecretDto extends ApiClientDto {
  @ApiProperty({ description: 'Shown only in this answer; Eenplan keeps a hash. Store it in your secret store now.', example: 'epk_…' })
  clientSecret: string;
}
