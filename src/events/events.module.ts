import { Global, Module } from '@nestjs/common';
import { OutboxDispatchRepository } from './outbox-dispatch.repository.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { OutboxRepository } from './outbox.repository.js';

@Global()
@Module({ providers: [OutboxRepository, OutboxDispatchRepository, OutboxRelay], exports: [OutboxRepository, OutboxDispatchRepository, OutboxRelay] })
export class EventsModule {}
