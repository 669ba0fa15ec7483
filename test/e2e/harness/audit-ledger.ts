import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { AUDIT_SPEC_KEY, NO_PERSONAL_DATA_KEY } from '../../../src/audit/audit.decorators.js';
import type { AuditSpec } from '../../../src/audit/audit.types.js';

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  audit?: AuditSpec;
  noPersonalData: boolean;
}

interface Seen {
  id: string;
  method: string;
  path: string;
  status: number;
  authenticated: boolean;
  /** An Idempotency-Key replay: it shows the stored answer again, so it is audited as a read. */
  replayed: boolean;
}

const joinPath = (...parts: Array<string | undefined>) => `/${parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/')}`;

/** Every handler of the app with its route template and its audit declaration. */
function routesOf(app: INestApplication): Route[] {
  const scanner = app.get(MetadataScanner);
  const routes: Route[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const base = Reflect.getMetadata(PATH_METADATA, instance.constructor) as string | string[] | undefined;
    const prototype = Object.getPrototypeOf(instance) as Record<string, object>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name]!;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const template = joinPath('api/v1', Array.isArray(base) ? base[0] : base, Array.isArray(path) ? path[0] : path);
      const source = template.replace(/:[A-Za-z]+/g, '[^/]+');
      routes.push({
        method: RequestMethod[method],
        template,
        pattern: new RegExp(`^${source}/?$`),
        params: (template.match(/:/g) ?? []).length,
        audit: Reflect.getMetadata(AUDIT_SPEC_KEY, handler) as AuditSpec | undefined,
        noPersonalData: Reflect.getMetadata(NO_PERSONAL_DATA_KEY, handler) === true,
      });
    }
  }
  // a literal segment wins over a parameter (`/signals/intake` before `/signals/:signalId`)
  return routes.sort((a, b) => a.params - b.params);
}

/**
 * Records every API request a test file makes, so that when the app closes the audit trail can be compared with
 * what was asked: each successful request to a route that touches personal data left audit events with its
 * request id and the declared action; routes without personal data, refused input (400, 401, 409, 412, 428) and
 * failed preconditions left none; each 403 to a known caller left a `deny` event; an Idempotency-Key replay left
 * `read` events (it shows the stored answer again). It makes every e2e test file a check on the audit trail, not
 * only the audit tests.
 */
export class AuditLedger {
  private readonly seen: Seen[] = [];

  attach(app: INestApplication): void {
    app.use((req: Request, res: Response, next: NextFunction) => {
      res.on('finish', () => {
        const id = (req as { id?: unknown }).id;
        if (typeof id !== 'string' || !req.originalUrl.startsWith('/api/v1/')) return;
        this.seen.push({
          id,
          method: req.method,
          path: req.originalUrl.split('?')[0]!,
          status: res.statusCode,
          authenticated: /^Bearer\s/i.test(req.headers.authorization ?? ''),
          replayed: res.getHeader('idempotent-replayed') === 'true',
        });
      });
      next();
    });
  }

  async deviations(app: INestApplication, db: DataSource): Promise<string[]> {
    if (this.seen.length === 0) return [];
    const routes = routesOf(app);
    const rows = await db.query<Array<{ request_id: string; action: string; outcome: string }>>(
      'SELECT request_id, action, outcome FROM audit_event WHERE request_id = ANY($1)',
      [this.seen.map((s) => s.id)],
    );
    // a platform operator has no tenant: their refusals are in the platform's operations log, not a tenant's trail
    const operatorDenials = await db.query<Array<{ request_id: string }>>(
      `SELECT request_id FROM operations_log WHERE action = 'api.denied' AND request_id = ANY($1)`,
      [this.seen.map((s) => s.id)],
    );
    const events = new Map<string, Array<{ action: string; outcome: string }>>();
    for (const r of [...rows, ...operatorDenials.map((d) => ({ request_id: d.request_id, action: 'deny', outcome: 'forbidden' }))]) {
      events.set(r.request_id, [...(events.get(r.request_id) ?? []), r]);
    }

    const problems: string[] = [];
    for (const s of this.seen) {
      const route = routes.find((r) => r.method === s.method && r.pattern.test(s.path));
      if (!route) continue; // 404 for an unknown path
      const left = events.get(s.id) ?? [];
      const where = `${s.method} ${route.template} → ${s.status}`;
      const actions = [...new Set(left.map((e) => e.action))].sort().join(',') || 'none';
      if (s.status >= 200 && s.status < 300) {
        if (route.noPersonalData && left.length > 0) problems.push(`${where}: no personal data, but audit events (${actions})`);
        if (route.audit) {
          // an Idempotency-Key replay runs no handler: it shows the first answer again, a read of what it holds
          const allowed = new Set(s.replayed ? ['read'] : [route.audit.action, ...(route.audit.action === 'search' ? ['export'] : [])]);
          if (left.length === 0) problems.push(`${where}: touches personal data, but no audit event`);
          else if (left.some((e) => !allowed.has(e.action) || e.outcome !== 'success')) problems.push(`${where}: expected ${[...allowed].join('/')} events, found ${actions}`);
        }
      } else if (s.status === 403 && s.authenticated) {
        if (!left.some((e) => e.action === 'deny')) problems.push(`${where}: a refusal, but no deny event`);
      } else if ([400, 401, 409, 412, 428].includes(s.status) && left.length > 0) {
        problems.push(`${where}: nothing was disclosed or changed, but audit events (${actions})`);
      }
    }
    return [...new Set(problems)];
  }
}
