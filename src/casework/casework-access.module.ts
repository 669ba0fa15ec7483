import { Module } from '@nestjs/common';
import { CaseworkAccessService } from './casework-access.service.js';

/** The "works on this case" check shared by contacts and assessments (the level itself is access's). */
@Module({ providers: [CaseworkAccessService], exports: [CaseworkAccessService] })
export class CaseworkAccessModule {}
