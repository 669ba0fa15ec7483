import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { AUDIT_SPEC_KEY, NO_PERSONAL_DATA_KEY } from '../../../src/audit/audit.decorators.js';
import type { AuditSpec } from '../../../src/audit/audit.types.js';
import { ACTION_LABELS, BASIS_LABELS, PURPOSE_LABELS, REPORT_LANGUAGES, ROLE_LABELS } from '../../../src/audit/audit-labels.js';
import { mapAccessReportEntry } from '../../../src/audit/audit.mapper.js';

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

interface EventLine {
  request_id: string;
  action: string;
  outcome: string;
  route: string;
  roles: string[];
  purpose: string;
  legal_basis: string;
  occurred_at: Date;
  organisation_name: string | null;
}

/**
 * The access-report line an event would become, in every report language: no column may be blank or show a bare
 * code (a role, purpose or basis without a label), and the organisation must be known (issue 11 item 7).
 */
function blankReportColumns(e: EventLine): string[] {
  const problems: string[] = [];
  const where = `${e.route} (${e.action})`;
  if (e.roles.length === 0) problems.push(`${where}: an audit event without a role`);
  for (const role of e.roles) if (!ROLE_LABELS[role]) problems.push(`${where}: role "${role}" has no label in the access report`);
  if (!PURPOSE_LABELS[e.purpose]) problems.push(`${where}: purpose "${e.purpose}" has no label in the access report`);
  if (!BASIS_LABELS[e.legal_basis]) problems.push(`${where}: legal basis "${e.legal_basis}" has no label in the access report`);
  if (e.action !== 'deny' && !ACTION_LABELS[e.action]) problems.push(`${where}: action "${e.action}" has no label in the access report`);
  if (e.organisation_name === null) problems.push(`${where}: the acting organisation is unknown`);
  for (const lang of REPORT_LANGUAGES) {
    const line = mapAccessReportEntry(
      { day: '2026-01-01', first_at: e.occurred_at, last_at: e.occurred_at, times: 1, organisation_name: e.organisation_name, roles: e.roles, purpose: e.purpose, legal_basis: e.legal_basis, action: e.action, consent_purpose: null, consent_of_other_member: null },
      lang,
    );
    const blank = Object.entries(line).filter(([, value]) => typeof value === 'string' && value.trim() === '').map(([column]) => column);
    if (blank.length > 0) problems.push(`${where}: blank access-report column(s) ${blank.join(', ')} (${lang})`);
  }
  return problems;
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
    const rows = await db.query<Array<EventLine>>(
      `SELECT a.request_id, a.action, a.outcome, a.route, a.roles, a.purpose, a.legal_basis, a.occurred_at, o.name AS organisation_name
       FROM audit_event a LEFT JOIN organisation o ON o.id = a.organisation_id WHERE a.request_id = ANY($1)`,
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

    const problems: string[] = [...rows.flatMap(blankReportColumns)];
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
