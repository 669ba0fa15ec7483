import { Injectable } from '@nestjs/common';
import { PrincipalCache } from '../auth/principal-cache.js';
import { TransactionHost } from '../database/transaction-host.js';
import { ProfessionalEntity } from '../professionals/entities/professional.entity.js';
import { ApiClientEntity } from './entities/api-client.entity.js';

/** A client with what authentication needs to know of its service principal. */
export interface ClientForAuth {
  client: ApiClientEntity;
  principalActive: boolean;
}

@Injectable()
export class ApiClientsRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly principals: PrincipalCache,
  ) {}

  private get repo() {
    return this.tx.manager.getRepository(ApiClientEntity);
  }

  insert(values: Omit<ApiClientEntity, 'rotatedAt' | 'revokedAt' | 'revokedById' | 'secretGeneration'>): Promise<ApiClientEntity> {
    return this.repo.save(this.repo.create({ ...values, secretGeneration: 1, rotatedAt: null, revokedAt: null, revokedById: null }));
  }

  /** Hot path (every client request, every token request); runs before the tenant is known, as system work. */
  async findForAuth(clientId: string): Promise<ClientForAuth | undefined> {
    const row = await this.repo
      .createQueryBuilder('c')
      .innerJoin(ProfessionalEntity, 'p', 'p.id = c.principal_id AND p.tenant_id = c.tenant_id')
      .addSelect('p.active', 'principal_active')
      .where('c.id = :clientId', { clientId })
      .getRawAndEntities<{ principal_active: boolean }>();
    const client = row.entities[0];
    return client ? { client, principalActive: row.raw[0]!.principal_active } : undefined;
  }

  findInOrganisation(tenantId: string, organisationId: string, id: string): Promise<ApiClientEntity | null> {
    return this.repo.findOneBy({ tenantId, organisationId, id });
  }

  listForOrganisation(tenantId: string, organisationId: string): Promise<ApiClientEntity[]> {
    return this.repo.find({ where: { tenantId, organisationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** New secret hash and generation, only while not revoked; undefined when revoked meanwhile. */
  async rotateSecret(id: string, secretHash: string, now: Date): Promise<ApiClientEntity | undefined> {
    this.principals.changing();
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ secretHash, secretGeneration: () => 'secret_generation + 1', rotatedAt: now })
      .where('id = :id AND revoked_at IS NULL', { id })
      .returning('*')
      .execute();
    const raw = (result.raw as Array<Record<string, unknown>>)[0];
    return raw ? this.repo.findOneByOrFail({ id }) : undefined;
  }

  /** Marks the client revoked; false when it already was. */
  async revoke(id: string, revokedById: string, now: Date): Promise<boolean> {
    this.principals.changing();
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ revokedAt: now, revokedById })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
