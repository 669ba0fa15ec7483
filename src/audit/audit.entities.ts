import type { EntityClass } from '../database/entity-class.js';
import { AuditChainHeadEntity } from './entities/audit-chain-head.entity.js';
import { AuditEventEntity } from './entities/audit-event.entity.js';

export const AUDIT_ENTITIES: EntityClass[] = [AuditEventEntity, AuditChainHeadEntity];
