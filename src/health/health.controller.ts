import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { NoPersonalData } from '../audit/audit.decorators.js';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @NoPersonalData()
  @HealthCheck()
  @ApiOperation({ operationId: 'healthLive', summary: 'The process is up.' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @NoPersonalData()
  @HealthCheck()
  @ApiOperation({ operationId: 'healthReady', summary: 'The process can serve requests: the database answers.' })
  ready() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 2000 })]);
  }
}
