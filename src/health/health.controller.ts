import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { NoPersonalData } from '../audit/audit.decorators.js';
import { ShutdownState } from './shutdown-state.js';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
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
  @ApiOperation({ operationId: 'healthReady', summary: 'The process can serve requests: the database answers and it is not shutting down.' })
  ready() {
    return this.health.check([
      () => {
        const process = this.indicators.check('process');
        return this.shutdown.draining ? process.down({ reason: 'shutting down' }) : process.up();
      },
      () => this.database.pingCheck('database', { timeout: 2000 }),
    ]);
  }
}
