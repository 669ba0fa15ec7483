import { Module } from '@nestjs/common';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { EscalationsModule } from './escalations/escalations.module.js';
import { TimelineModule } from './timeline/timeline.module.js';

/** Case work on a household: contact moments, self-reliance assessments, escalations and the timeline. */
@Module({ imports: [ContactsModule, AssessmentsModule, EscalationsModule, TimelineModule] })
export class CaseworkModule {}
