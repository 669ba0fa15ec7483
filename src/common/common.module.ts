import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';
import { RequestContext } from './request-context.js';

@Global()
@Module({ providers: [Clock, RequestContext], exports: [Clock, RequestContext] })
export class CommonModule {}
