import { Injectable } from '@nestjs/common';
import { householdNotFound } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { CaseworkAccessService } from '../casework/casework-access.service.js';
import { Clock } from '../common/clock.js';
import { CommonErrors } from '../common/domain-error.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { TenantsRepository } from '../tenants/tenants.repository.js';
import { compareAssessments } from './assessment-comparison.js';
import { AssessmentErrors } from './assessments.errors.js';
import { mapAssessment, mapAssessmentSummary, memberRef } from './assessments.mapper.js';
import { AssessmentsRepository, type AssessmentRow } from './assessments.repository.js';
import type { AssessmentComparisonDto, AssessmentDto, CompareAssessmentsQueryDto, CreateAssessmentDto, ListAssessmentsQueryDto } from './dto/assessment.dto.js';

@Injectable()
export class AssessmentsService {
  constructor(
    private readonly assessments: AssessmentsRepository,
    private readonly households: HouseholdsRepository,
    private readonly tenants: TenantsRepository,
    private readonly caseworkAccess: CaseworkAccessService,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /** Records a self-reliance assessment of a member or of the whole household. */
  async record(householdId: string, input: CreateAssessmentDto): Promise<AssessmentDto> {
    await this.caseworkAccess.requireCaseWorker(householdId, 'record assessments');
    const actor = this.context.actor;
    if (input.assessedOn > this.clock.today()) {
      throw AssessmentErrors.create('ASSESSED_ON_IN_FUTURE', `assessedOn ${input.assessedOn} lies in the future; record an assessment on or after the day it took place.`, {
        errors: [{ field: 'assessedOn', messages: ['assessedOn must be today or earlier'] }],
      });
    }
    const active = new Set((await this.tenants.findLifeDomains(actor.tenantId)).filter((d) => d.active).map((d) => d.code));
    const unknown = input.scores.map((s, i) => ({ code: s.domainCode, i })).filter(({ code }) => !active.has(code));
    if (unknown.length > 0) {
      throw AssessmentErrors.create('UNKNOWN_LIFE_DOMAIN', `Not life domains of your municipality: ${unknown.map((u) => `"${u.code.slice(0, 40)}"`).join(', ')}; see GET /life-domains.`, {
        errors: unknown.map(({ i }) => ({ field: `scores[${i}].domainCode`, messages: ['domainCode must be an active code from GET /life-domains'] })),
      });
    }
    const id = await this.tx.run(async () => {
      const household = await this.households.findById(actor.tenantId, householdId);
      if (!household) throw householdNotFound(householdId);
      if (household.status === 'closed') throw AssessmentErrors.create('HOUSEHOLD_CLOSED', 'The household is closed; reopen it before recording assessments.');
      if (input.memberId && !(await this.households.findActiveMember(householdId, input.memberId))) {
        throw AssessmentErrors.create('MEMBER_NOT_IN_HOUSEHOLD', `Household ${householdId} has no active member with id ${input.memberId}.`, {
          errors: [{ field: 'memberId', messages: ['memberId must be an active member of this household'] }],
        });
      }
      const assessment = await this.assessments.insert(
        { tenantId: actor.tenantId, householdId, memberId: input.memberId ?? null, assessedOn: input.assessedOn, assessedById: actor.professionalId },
        input.scores,
      );
      await this.outbox.record({
        type: 'assessment.recorded',
        tenantId: actor.tenantId,
        aggregateType: 'assessment',
        aggregateId: assessment.id,
        householdId,
        actorId: actor.professionalId,
        payload: { memberId: assessment.memberId, domainCodes: input.scores.map((s) => s.domainCode) },
      });
      return assessment.id;
    });
    return mapAssessment(await this.require(householdId, id, 'id'));
  }

  async get(householdId: string, assessmentId: string): Promise<AssessmentDto> {
    await this.access.requireVisible(householdId);
    return mapAssessment(await this.require(householdId, assessmentId, 'assessmentId'));
  }

  async list(householdId: string, query: ListAssessmentsQueryDto): Promise<Page<AssessmentDto>> {
    if (query.memberId && query.householdOnly) {
      throw CommonErrors.create('VALIDATION_FAILED', 'Filter by memberId or by householdOnly, not both.', {
        errors: [{ field: 'householdOnly', messages: ['householdOnly cannot be combined with memberId'] }],
      });
    }
    await this.access.requireVisible(householdId);
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['text', 'timestamp', 'uuid']) as [string, string, string] | undefined;
    if (before && !isCalendarDate(before[0])) {
      throw CommonErrors.create('INVALID_CURSOR', 'The cursor is not one this API handed out. Start again without a cursor.', {
        errors: [{ field: 'cursor', messages: ['cursor is not valid'] }],
      });
    }
    const rows = await this.assessments.listPage(this.context.actor.tenantId, householdId, query, limit, before);
    return toPage(rows, limit, (r) => [r.assessment.assessedOn, r.assessment.createdAt.toISOString(), r.assessment.id], mapAssessment);
  }

  /** Change per domain between two assessments of the same subject in this household. */
  async compare(householdId: string, query: CompareAssessmentsQueryDto): Promise<AssessmentComparisonDto> {
    await this.access.requireVisible(householdId);
    const from = await this.require(householdId, query.from, 'from');
    const to = await this.require(householdId, query.to, 'to');
    if (from.assessment.memberId !== to.assessment.memberId) {
      throw AssessmentErrors.create('ASSESSMENTS_NOT_COMPARABLE', 'Both assessments must be about the same subject: the same member, or both about the whole household.', {
        errors: [{ field: 'to', messages: ['to must assess the same subject as from'] }],
      });
    }
    const order = (await this.tenants.findLifeDomains(this.context.actor.tenantId)).map((d) => d.code);
    const comparison = compareAssessments(from, to, order);
    return {
      householdId,
      member: memberRef(from),
      from: mapAssessmentSummary(from),
      to: mapAssessmentSummary(to),
      domains: comparison.domains,
      totalChange: comparison.totalChange,
      commonDomainsChange: comparison.commonDomainsChange,
    };
  }

  private async require(householdId: string, assessmentId: string, field: string): Promise<AssessmentRow> {
    const row = await this.assessments.findInHousehold(this.context.actor.tenantId, householdId, assessmentId);
    if (!row) {
      throw AssessmentErrors.create('ASSESSMENT_NOT_FOUND', `The household has no assessment with id ${assessmentId}.`, {
        errors: [{ field, messages: [`${field} must be an assessment of this household`] }],
      });
    }
    return row;
  }
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
