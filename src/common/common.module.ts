import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';
import { BsnCipher } from './crypto/bsn-cipher.js';
import { RequestContext } from './request-context.js';

@Global()
@Module({ providers: [Clock, RequestContext, BsnCipher], exports: [Clock, RequestContext, BsnCipher] })
export class CommonModule {}
