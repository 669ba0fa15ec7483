import type { EntityClass } from '../database/entity-class.js';
import { ApiClientEntity } from './entities/api-client.entity.js';

export const API_CLIENTS_ENTITIES: EntityClass[] = [ApiClientEntity];
