import { instantKey } from '../../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { scopeCovers, type ReaderScope } from '../../access/reader-scope.js';
import { AccessService } from '../../access/access.service.js';
import { CaseworkAccessService } from '../casework-access.service.js';
import { Clock } from '../../common/clock.js';
import { CommonErrors } from '../../common/domain-error.js';
import { decodeCursor, pageLimit, filledPage, type Page } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import { CaseErrors } from '../../households/case-gate.errors.js';
import { CaseGate } from '../../households/case-gate.js';
import { HouseholdsRepository } from '../../households/households.repository.js';
import { unknownLifeDomain } from '../../tenants/tenants.errors.js';
import { TenantsRepository } from '../../tenants/tenants.repository.js';
import { compareAssessments } from './assessment-comparison.js';
import { AssessmentErrors } from './assessments.errors.js';
import { assessmentInScope, mapAssessment, mapAssessmentSummary, memberRef } from './assessments.mapper.js';
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
    private readonly gate: CaseGate,
    private readonly clock: Clock,
  ) {}

  /** Records a self-reliance assessment of a member or of the whole household. */
  async record(householdId: string, input: CreateAssessmentDto): Promise<AssessmentDto> {
    await this.caseworkAccess.requireCaseWorker(householdId, { nl: 'beoordelingen vastleggen', en: 'record assessments' });
    const actor = this.context.actor;
    if (input.assessedOn > this.clock.today()) {
      throw AssessmentErrors.create('ASSESSED_ON_IN_FUTURE', {
        nl: `assessedOn ligt in de toekomst: geef de dag waarop de beoordeling plaatsvond, vandaag (${this.clock.today()}) of eerder.`,
        en: `assessedOn lies in the future: give the day the assessment took place, today (${this.clock.today()}) or earlier.`,
      }, {
        errors: [{ field: 'assessedOn', messages: [{ nl: 'assessedOn moet vandaag of eerder zijn', en: 'assessedOn must be today or earlier' }] }],
      });
    }
    const active = new Set((await this.tenants.findLifeDomains(actor.tenantId)).filter((d) => d.active).map((d) => d.code));
    const unknown = input.scores.map((s, i) => ({ code: s.domainCode, i })).filter(({ code }) => !active.has(code));
    if (unknown.length > 0) {
      throw unknownLifeDomain(unknown.map(({ i }) => `scores[${i}].domainCode`));
    }
    const scope = await this.access.readerScope(householdId);
    // a member outside the caller's scope is as unknown as one that does not exist
    const memberInScope = !input.memberId || scopeCovers(scope, { memberIds: [input.memberId] });
    if (memberInScope) {
      await this.access.requireWithinScope(householdId, { memberIds: input.memberId ? [input.memberId] : [] }, { nl: 'beoordelingen over het hele huishouden vastleggen', en: 'record assessments of the whole household' });
      const outside = input.scores.filter((s) => !scopeCovers(scope, { domains: [s.domainCode] })).map((s) => s.domainCode);
      if (outside.length > 0) await this.access.requireWithinScope(householdId, { domains: outside.slice(0, 1) }, { nl: `scores vastleggen voor leefgebied ${outside[0]}`, en: `record scores for life domain ${outside[0]}` });
    }
    const id = await this.gate.change(householdId, { refuseClosed: { nl: 'Het huishouden is afgesloten; heropen het voordat u beoordelingen vastlegt.', en: 'The household is closed; reopen it before recording assessments.' }, lock: 'share' }, async (_household, change) => {
      if (input.memberId && (!memberInScope || !(await this.households.findActiveMember(householdId, input.memberId)))) {
        throw CaseErrors.create('MEMBER_NOT_IN_HOUSEHOLD', { nl: `Huishouden ${householdId} heeft geen actief lid met id ${input.memberId}.`, en: `Household ${householdId} has no active member with id ${input.memberId}.` }, {
          errors: [{ field: 'memberId', messages: [{ nl: 'memberId moet een actief lid van dit huishouden zijn', en: 'memberId must be an active member of this household' }] }],
        });
      }
      const assessment = await this.assessments.insert(
        { tenantId: actor.tenantId, householdId, memberId: input.memberId ?? null, assessedOn: input.assessedOn, assessedById: actor.professionalId },
        input.scores,
      );
      await change.record({ type: 'assessment.recorded', aggregateId: assessment.id, payload: { memberId: assessment.memberId, domainCodes: input.scores.map((s) => s.domainCode) } });
      return assessment.id;
    });
    return mapAssessment(await this.require(householdId, id, 'id'));
  }

  async get(householdId: string, assessmentId: string): Promise<AssessmentDto> {
    const scope = await this.access.readerScope(householdId);
    return mapAssessment(this.inScope(await this.require(householdId, assessmentId, 'assessmentId'), scope, assessmentId, 'assessmentId'));
  }

  async list(householdId: string, query: ListAssessmentsQueryDto): Promise<Page<AssessmentDto>> {
    // each is valid on its own (per the OpenAPI document); together they contradict: 422, not 400
    if (query.memberId && query.householdOnly) {
      throw CommonErrors.create('VALUE_NOT_ALLOWED', { nl: 'Filter op memberId of op householdOnly, niet op beide.', en: 'Filter by memberId or by householdOnly, not both.' }, {
        errors: [{ field: 'householdOnly', messages: [{ nl: 'householdOnly kan niet samen met memberId worden gebruikt', en: 'householdOnly cannot be combined with memberId' }] }],
      });
    }
    const scope = await this.access.readerScope(householdId);
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['text', 'timestamp', 'uuid']) as [string, string, string] | undefined;
    if (before && !isCalendarDate(before[0])) {
      throw CommonErrors.create('INVALID_CURSOR', {
        nl: 'Deze cursor komt niet van deze API. Begin opnieuw zonder cursor.',
        en: 'The cursor is not one this API handed out. Start again without a cursor.',
      }, {
        errors: [{ field: 'cursor', messages: [{ nl: 'cursor is niet geldig', en: 'cursor is not valid' }] }],
      });
    }
    const tenantId = this.context.actor.tenantId;
    return filledPage(
      limit,
      before,
      (after) => this.assessments.listPage(tenantId, householdId, query, limit, after),
      (r): [string, string, string] => [r.assessment.assessedOn, instantKey(r.assessment.createdAt), r.assessment.id],
      (r) => {
        const visible = assessmentInScope(r, scope);
        return visible === null ? null : mapAssessment(visible);
      },
    );
  }

  /** Change per domain between two assessments of the same subject in this household. */
  async compare(householdId: string, query: CompareAssessmentsQueryDto): Promise<AssessmentComparisonDto> {
    const scope = await this.access.readerScope(householdId);
    const from = this.inScope(await this.require(householdId, query.from, 'from'), scope, query.from, 'from');
    const to = this.inScope(await this.require(householdId, query.to, 'to'), scope, query.to, 'to');
    if (from.assessment.memberId !== to.assessment.memberId) {
      throw AssessmentErrors.create('ASSESSMENTS_NOT_COMPARABLE', {
        nl: 'Beide beoordelingen moeten over hetzelfde gaan: hetzelfde gezinslid, of allebei over het hele huishouden.',
        en: 'Both assessments must be about the same subject: the same member, or both about the whole household.',
      }, {
        errors: [{ field: 'to', messages: [{ nl: 'to moet hetzelfde beoordelen als from', en: 'to must assess the same subject as from' }] }],
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

  /** An assessment outside the reader's scope is not found, as if it did not exist. */
  private inScope(row: AssessmentRow, scope: ReaderScope, assessmentId: string, field: string): AssessmentRow {
    return assessmentInScope(row, scope) ?? this.notFound(assessmentId, field);
  }

  private async require(householdId: string, assessmentId: string, field: string): Promise<AssessmentRow> {
    return (await this.assessments.findInHousehold(this.context.actor.tenantId, householdId, assessmentId)) ?? this.notFound(assessmentId, field);
  }

  private notFound(assessmentId: string, field: string): never {
    throw AssessmentErrors.create('ASSESSMENT_NOT_FOUND', {
      nl: `Het huishouden heeft geen beoordeling met id ${assessmentId}.`,
      en: `The household has no assessment with id ${assessmentId}.`,
    }, {
      errors: [{ field, messages: [{ nl: `${field} moet een beoordeling van dit huishouden zijn`, en: `${field} must be an assessment of this household` }] }],
    });
  }
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
