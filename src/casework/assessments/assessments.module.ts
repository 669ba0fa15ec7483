import { Module } from '@nestjs/common';
import { CaseworkAccessModule } from '../casework-access.module.js';
import { HouseholdsModule } from '../../households/households.module.js';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsRepository } from './assessments.repository.js';
import { AssessmentsService } from './assessments.service.js';

@Module({
  imports: [HouseholdsModule, TenantsModule, CaseworkAccessModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsService, AssessmentsRepository],
})
export class AssessmentsModule {}
