import { Module } from '@nestjs/common';
import { CaseworkAccessModule } from '../casework-access.module.js';
import { HouseholdsModule } from '../../households/households.module.js';
import { ContactsController } from './contacts.controller.js';
import { ContactsRepository } from './contacts.repository.js';
import { ContactsService } from './contacts.service.js';

@Module({
  imports: [HouseholdsModule, CaseworkAccessModule],
  controllers: [ContactsController],
  providers: [ContactsService, ContactsRepository],
})
export class ContactsModule {}
