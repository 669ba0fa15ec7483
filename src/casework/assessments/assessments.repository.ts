import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { AssessmentScoreEntity } from './entities/assessment-score.entity.js';
import { AssessmentEntity } from './entities/assessment.entity.js';

export interface AssessmentRow {
  assessment: AssessmentEntity;
  assessedByName: string;
  memberName: string | null;
  /** In the tenant's life-domain order. */
  scores: Array<{ domainCode: string; score: number }>;
}

export interface AssessmentFilter {
  memberId?: string;
  householdOnly?: boolean;
}

@Injectable()
export class AssessmentsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get assessments() {
    return this.tx.manager.getRepository(AssessmentEntity);
  }

  async insert(values: Pick<AssessmentEntity, 'tenantId' | 'householdId' | 'memberId' | 'assessedOn' | 'assessedById'>, scores: Array<{ domainCode: string; score: number }>) {
    const assessment = await this.assessments.save(this.assessments.create(values));
    await this.tx.manager
      .getRepository(AssessmentScoreEntity)
      .insert(scores.map((s) => ({ assessmentId: assessment.id, tenantId: values.tenantId, domainCode: s.domainCode, score: s.score })));
    return assessment;
  }

  async findInHousehold(tenantId: string, householdId: string, assessmentId: string): Promise<AssessmentRow | undefined> {
    const [row] = await this.load(this.withNames().where('a.tenant_id = :tenantId AND a.household_id = :householdId AND a.id = :assessmentId', { tenantId, householdId, assessmentId }));
    return row;
  }

  /** Newest first by assessment date, then by entry; keyset on (assessed_on, created_at, id). */
  listPage(tenantId: string, householdId: string, filter: AssessmentFilter, limit: number, before?: [string, string, string]): Promise<AssessmentRow[]> {
    const qb = this.withNames().where('a.tenant_id = :tenantId AND a.household_id = :householdId', { tenantId, householdId });
    if (filter.memberId) qb.andWhere('a.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdOnly) qb.andWhere('a.member_id IS NULL');
    if (before) {
      qb.andWhere('(a.assessed_on, a.created_at, a.id) < (CAST(:beforeOn AS date), :beforeCreated, :beforeId)', { beforeOn: before[0], beforeCreated: before[1], beforeId: before[2] });
    }
    return this.load(qb.orderBy('a.assessed_on', 'DESC').addOrderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit + 1));
  }

  private withNames() {
    return this.assessments
      .createQueryBuilder('a')
      .innerJoin('professional', 'p', 'p.id = a.assessed_by_id')
      .leftJoin('member', 'm', 'm.id = a.member_id')
      .addSelect('p.name', 'assessed_by_name')
      .addSelect(`m.given_name || ' ' || m.family_name`, 'member_name');
  }

  private async load(qb: ReturnType<AssessmentsRepository['withNames']>): Promise<AssessmentRow[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ assessed_by_name: string; member_name: string | null }>();
    const scores = await this.scoresOf(entities.map((a) => a.id));
    return entities.map((assessment, i) => ({
      assessment,
      assessedByName: raw[i]!.assessed_by_name,
      memberName: raw[i]!.member_name,
      scores: scores.get(assessment.id) ?? [],
    }));
  }

  private async scoresOf(assessmentIds: string[]): Promise<Map<string, Array<{ domainCode: string; score: number }>>> {
    const out = new Map<string, Array<{ domainCode: string; score: number }>>();
    if (assessmentIds.length === 0) return out;
    const rows = await this.tx.manager.query<Array<{ assessment_id: string; domain_code: string; score: number }>>(
      `SELECT s.assessment_id, s.domain_code, s.score
         FROM assessment_score s JOIN life_domain d ON d.tenant_id = s.tenant_id AND d.code = s.domain_code
        WHERE s.assessment_id = ANY($1::uuid[])
        ORDER BY d.position, s.domain_code`,
      [assessmentIds],
    );
    for (const r of rows) {
      const list = out.get(r.assessment_id) ?? [];
      list.push({ domainCode: r.domain_code, score: Number(r.score) });
      out.set(r.assessment_id, list);
    }
    return out;
  }
}
