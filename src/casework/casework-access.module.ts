import { Module } from '@nestjs/common';
import { CaseworkAccessRepository } from './casework-access.repository.js';
import { CaseworkAccessService } from './casework-access.service.js';

/** The "works on this case" check shared by contacts and assessments. */
@Module({ providers: [CaseworkAccessService, CaseworkAccessRepository], exports: [CaseworkAccessService] })
export class CaseworkAccessModule {}
