import type { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { TokenService } from '../auth/token.service.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { TransactionHost } from '../database/transaction-host.js';
import { QUEUES } from '../queue/jobs.js';
import { QueueBackend } from '../queue/queue-backend.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, for admins only: the same bearer token as the API (send it with a header-setting
 * proxy or browser extension). Anything else is a 401/403 before the dashboard sees the request.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const queues = app.get(QueueBackend);
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: Object.values(QUEUES).map((name) => new BullMQAdapter(queues.queue(name), { readOnlyMode: false })), serverAdapter: board });
  const tokens = app.get(TokenService);
  const professionals = app.get(ProfessionalsRepository);
  const tx = app.get(TransactionHost);
  app.use(QUEUE_DASHBOARD_PATH, async (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const deny = (status: number, detail: string) => {
      // RFC 6750 §3: a 401 names the scheme; a token that was sent but is no good is invalid_token
      if (status === 401) res.setHeader('WWW-Authenticate', match ? 'Bearer error="invalid_token"' : 'Bearer');
      return res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'https://eenplan.nl/problems/forbidden', title: 'Admins only', status, detail, code: status === 401 ? 'TOKEN_MISSING' : 'ROLE_REQUIRED' }));
    };
    if (!match) return deny(401, 'Send "Authorization: Bearer <token>" of an admin.');
    try {
      const subject = await tokens.verify(match[1]!);
      const professional = await tx.runAsSystem(() => professionals.findActiveBySubject(subject));
      if (!professional?.roles.includes('admin')) return deny(403, 'The queue dashboard is for admins.');
    } catch {
      return deny(401, 'The token could not be verified.');
    }
    next();
  }, board.getRouter() as (req: Request, res: Response, next: NextFunction) => void);
}
