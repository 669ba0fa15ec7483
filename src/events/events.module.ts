import { Global, Module } from '@nestjs/common';
import { OutboxDispatchRepository } from './outbox-dispatch.repository.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWakeUp } from './outbox-wake-up.js';

@Global()
@Module({ providers: [OutboxRepository, OutboxDispatchRepository, OutboxRelay, OutboxWakeUp], exports: [OutboxRepository, OutboxDispatchRepository, OutboxRelay, OutboxWakeUp] })
export class EventsModule {}
