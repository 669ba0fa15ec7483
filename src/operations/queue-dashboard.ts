import { Logger, type INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AuthErrors } from '../auth/auth.errors.js';
import { OperatorAuthenticator } from '../auth/operator-authenticator.js';
import { TokenService } from '../auth/token.service.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import { negotiateLanguage } from '../common/language.js';
import { PROBLEM_CONTENT_TYPE, problemType } from '../common/problem.js';
import { isStorableText } from '../common/text-safety.js';
import type { PlatformOperator } from '../common/request-context.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { TransactionHost } from '../database/transaction-host.js';
import { QUEUES } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';
import { describeDashboardWrite, isDashboardRead } from './dashboard-actions.js';
import { OperationsLogService } from './operations-log.service.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, for platform operators only (issue 10): the queues are shared by every
 * municipality, so no municipality's admin may see or steer them. The caller sends an operator token
 * (`Authorization: Bearer …`, the operators' audience, a subject in PLATFORM_OPERATOR_SUBJECTS) with a
 * header-setting proxy or browser extension; anyone else is refused before the dashboard sees the request.
 * Every write (pause, resume, retry, clean, promote, …) is written to the operations log before it runs — if the
 * log cannot be written the action does not happen — and its answer is added when it is known. Writes that forge
 * or rewrite job payloads (add job, edit job data) are switched off. Off unless QUEUE_DASHBOARD (default: on in
 * development and tests, off in production): then /admin/queues does not exist.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  if (!config.operators.queueDashboard) return;
  const queues = app.get(QueueBackend);
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: Object.values(QUEUES).map((name) => new BullMQAdapter(queues.queue(name), { readOnlyMode: false })), serverAdapter: board });
  app.use(QUEUE_DASHBOARD_PATH, operatorsOnly(app), board.getRouter() as RequestHandler);
}

const QUEUE_NAMES: ReadonlySet<string> = new Set(Object.values(QUEUES));

function operatorsOnly(app: INestApplication): RequestHandler {
  const tokens = app.get(TokenService);
  const operators = app.get(OperatorAuthenticator);
  const professionals = app.get(ProfessionalsRepository);
  const tx = app.get(TransactionHost);
  const log = app.get(OperationsLogService);
  const logger = new Logger('QueueDashboard');

  return (req: Request, res: Response, next: NextFunction) => {
    // our request id, set by `requestLogging` (the first middleware, src/logging.ts) and sent as X-Request-Id
    const requestId = req.id as string;
    const entry = { method: req.method, path: `${QUEUE_DASHBOARD_PATH}${req.path}`, requestId, sourceAddress: req.ip ?? null };

    const admit = async (): Promise<void> => {
      const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!match) {
        throw AuthErrors.create('TOKEN_MISSING', {
          nl: 'Stuur "Authorization: Bearer <operator token>" mee. In ontwikkeling: npm run --silent token -- --operator.',
          en: 'Send "Authorization: Bearer <operator token>". In development: npm run --silent token -- --operator.',
        });
      }
      const token = match[1]!;
      if (!operators.isOperatorToken(token)) return refuseNonOperator(token);
      const operator = await operators.authenticate(token);
      if (isDashboardRead(req.method)) return next();
      return write(operator);
    };

    // a professional's token — a municipality's admin included — never opens the dashboard; the attempt is logged
    const refuseNonOperator = async (token: string): Promise<void> => {
      const subject = await tokens.verify(token);
      const professional = await tx.runAsSystem(() => professionals.findActiveBySubject(subject));
      if (!professional) {
        throw AuthErrors.create('UNKNOWN_SUBJECT', {
          nl: 'Het token is geldig, maar hoort bij niemand in Eenplan.',
          en: 'The token is valid but belongs to no one in Eenplan.',
        });
      }
      await log.record({ ...entry, actorKind: 'professional', actorId: professional.id, actorTenantId: professional.tenantId, action: 'dashboard.denied' }, 403);
      throw AuthErrors.create('OPERATORS_ONLY', {
        nl: 'Het wachtrijdashboard is voor platformbeheerders. De beheerders van een gemeente zien hun eigen mislukte taken met GET /api/v1/admin/dead-letters.',
        en: 'The queue dashboard is for platform operators. A municipality\'s admins see their own dead letters at GET /api/v1/admin/dead-letters.',
      });
    };

    const write = async (operator: PlatformOperator): Promise<void> => {
      const described = describeDashboardWrite(req.method, req.path);
      // a queue Eenplan does not have, or a job id no job can have, is answered here: nothing would happen, and the
      // operations log stores only text PostgreSQL takes (a NUL in the path was a 503 "log unavailable")
      if ((described.queue !== undefined && !QUEUE_NAMES.has(described.queue)) || (described.jobId !== undefined && !isStorableText(described.jobId))) {
        throw CommonErrors.create('NOT_FOUND', { nl: 'Deze wachtrij of taak bestaat niet.', en: 'There is no such queue or job.' });
      }
      const base = { ...entry, actorKind: 'operator' as const, actorId: operator.subject, action: described.action, queue: described.queue ?? null, jobId: described.jobId ?? null };
      if (described.disabled) {
        await log.record(base, 403);
        throw AuthErrors.create('DASHBOARD_ACTION_DISABLED', {
          nl: 'Taken toevoegen en taakgegevens bewerken staan uit: workers handelen naar taakgegevens voor elke gemeente, dus die komen alleen van de applicatie.',
          en: 'Adding jobs and editing job data are switched off: workers act on job payloads for every municipality, so payloads come only from the application.',
        });
      }
      let id: string;
      try {
        id = await log.begin(base);
      } catch (error) {
        logger.error({ err: error }, 'operations log unavailable; dashboard action refused');
        throw AuthErrors.create('OPERATIONS_LOG_UNAVAILABLE', {
          nl: 'De actie is niet uitgevoerd, omdat die niet in het beheerlogboek kon worden vastgelegd. Probeer het later opnieuw.',
          en: 'The action was not carried out because it could not be recorded in the operations log. Try again later.',
        });
      }
      // 'close' comes after the answer is sent, and also when the caller hangs up first (499, as nginx logs it)
      res.once('close', () => {
        log.finish(id, res.writableFinished ? res.statusCode : 499).catch((error: unknown) => logger.warn({ err: error }, 'could not record the answer of a dashboard action'));
      });
      next();
    };

    admit().catch((error: unknown) => {
      if (!(error instanceof DomainError)) {
        logger.error({ err: error }, 'queue dashboard guard failed');
        error = AuthErrors.create('OPERATIONS_LOG_UNAVAILABLE', {
          nl: 'Het verzoek kon niet worden gecontroleerd. Probeer het later opnieuw.',
          en: 'The request could not be checked. Try again later.',
        });
      }
      const problem = error as DomainError;
      // RFC 6750 §3: a 401 names the scheme; a token that was sent but is no good is invalid_token
      if (problem.status === 401) res.setHeader('WWW-Authenticate', /^Bearer\s+\S/i.test(req.headers.authorization ?? '') ? 'Bearer error="invalid_token"' : 'Bearer');
      const language = negotiateLanguage(req.headers['accept-language']);
      res.setHeader('Content-Language', language);
      res.vary('Accept-Language');
      res
        .status(problem.status)
        .type(PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify({ type: problemType(problem.code), title: problem.title[language], status: problem.status, detail: problem.detail[language], code: problem.code, requestId }));
    });
  };
}
