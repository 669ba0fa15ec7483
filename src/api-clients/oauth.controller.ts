import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ApiProblems } from '../common/openapi.js';
import { API_CLIENT_SCOPES } from './api-client-scopes.js';
import { oauthError } from './api-clients.errors.js';
import { OAuthTokenService, type TokenResponse } from './oauth-token.service.js';
import { NoPersonalData } from '../audit/audit.decorators.js';

class TokenResponseDto implements TokenResponse {
  @ApiProperty({ description: 'A JWT; send it as "Authorization: Bearer <access_token>".' }) access_token: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires.', example: 300 }) expires_in: number;
  @ApiProperty({ description: 'Granted scopes, space-separated.', example: 'households:read plan:read' }) scope: string;
}

@ApiTags('api-clients')
@Public()
@Controller('oauth')
export class OAuthController {
  constructor(private readonly oauth: OAuthTokenService) {}

  @Post('token')
  @NoPersonalData()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'issueClientToken',
    summary: 'OAuth2 client-credentials grant for partner API clients: a short-lived access token with the granted scopes.',
    description:
      'Authenticate with HTTP Basic (client_id:client_secret) or client_id and client_secret in the body. Errors follow RFC 6749 §5.2: ' +
      'problem+json with an `error` member (invalid_request, invalid_client, unauthorized_client, unsupported_grant_type, invalid_scope).',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['grant_type'],
      properties: {
        grant_type: { type: 'string', enum: ['client_credentials'] },
        scope: { type: 'string', description: `Space-separated subset of the client's scopes (${API_CLIENT_SCOPES.join(', ')}); default all.` },
        client_id: { type: 'string', format: 'uuid', description: 'Only without HTTP Basic.' },
        client_secret: { type: 'string', description: 'Only without HTTP Basic.' },
      },
    },
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(400)
  async token(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokenResponse> {
    const authorization = req.headers.authorization;
    const body: unknown = req.body ?? {};
    try {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw oauthError('INVALID_REQUEST', {
          nl: 'Stuur de parameters als formulier of als JSON-object.',
          en: 'Send the parameters as a form or a JSON object.',
        });
      }
      const answer = await this.oauth.issue({ authorization, body: body as Record<string, unknown> });
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
      return answer;
    } catch (error) {
      // RFC 6749 §5.2 and RFC 9110 §15.5.2 (every 401 carries a challenge): the client is told which scheme to use,
      // also when it sent its secret in the body
      if (error instanceof DomainError && error.code === 'INVALID_CLIENT') {
        res.setHeader('WWW-Authenticate', 'Basic realm="eenplan-api", charset="UTF-8"');
      }
      throw error;
    }
  }
}
