import type { INestApplication, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type ParameterObject, type SchemaObject } from '@nestjs/swagger';
import { API_VERSION } from './api-version.js';
import { applyClassRules, applyPropertyRules, validationRules } from './openapi-validators.js';
import { applyHttpConventions, EXTRA_SCHEMAS } from './openapi.js';

/**
 * The OpenAPI document: generated from the controllers and DTOs by @nestjs/swagger, then completed from the
 * validators (so it states every rule the validation pipe enforces) and the HTTP conventions (shared problem
 * schemas and headers, statuses, security, servers, tags). Served at /docs-json, /api/v1/openapi.json and in
 * Swagger UI at /docs.
 */

export interface ApiDocumentOptions {
  /** The OAuth2 token endpoint, relative to the server. */
  tokenPath: string;
  /** Scope → what it allows. */
  scopes: Record<string, string>;
  /** "GET /households/:householdId" → scope a partner API client needs. */
  clientRoutes: Readonly<Record<string, string>>;
  /** Tags in the order a user meets them, each with a description. */
  tags: Array<{ name: string; description: string }>;
}

export const API_SERVER = '/api/v1';

export function buildApiDocument(app: INestApplication, options: ApiDocumentOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Eenplan API')
    .setDescription(
      'Case coordination for the social domain — één gezin, één plan, één regisseur. Professionals sign in with a bearer token ' +
        'from the municipality\'s identity provider; partner systems use OAuth2 client credentials (see the partner guide, ' +
        'docs/PARTNER-GUIDE.md). Errors are application/problem+json (RFC 9457). Lists use cursor pagination (`limit`, ' +
        '`cursor` → `{ items, nextCursor }`). Versioned resources send `ETag`; their updates require `If-Match`.',
    )
    .setVersion(API_VERSION)
    .setContact('Eenplan', 'https://eenplan.nl', 'api@eenplan.nl')
    .setLicense('EUPL-1.2', 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A professional\'s token from the identity provider.' }, 'bearer')
    .addOAuth2(
      {
        type: 'oauth2',
        description: 'Partner API clients: client-credentials grant with the client_id and client_secret an administrator issued.',
        flows: { clientCredentials: { tokenUrl: `${API_SERVER}${options.tokenPath}`, scopes: options.scopes } },
      },
      'oauth2',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...Object.fromEntries(EXTRA_SCHEMAS) };
  applyValidatorRules(app, document);
  requireAFieldToChange(document);
  applyHttpConventions(document);
  applySecurity(document, options.clientRoutes);
  applyTags(document, options.tags);
  return applyServers(document);
}

interface RouteArgument {
  index: number;
  data?: unknown;
}

/** "GET /households/:householdId" from a controller path and a handler path (either may be empty or slashed). */
const routeKey = (method: string, ...paths: string[]) =>
  `${method.toUpperCase()} /${paths.flatMap((p) => p.split('/')).filter((segment) => segment !== '').join('/')}`;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']; // RequestMethod 0..4

/** Every handler of every controller, by route key ("GET /households/:householdId", without the global prefix). */
function handlers(app: INestApplication): Map<string, { controller: Type; method: string }> {
  const found = new Map<string, { controller: Type; method: string }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller?.prototype) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, controller) ?? '') as string | string[];
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        const verb = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (!verb || path === undefined) continue;
        found.set(routeKey(verb, String(base), String(path)), { controller, method });
      }
    }
  }
  return found;
}

/** The classes of the `@Body()` and `@Query()` arguments of a handler. */
function argumentClasses(controller: Type, method: string): { body?: Type; query?: Type } {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArgument>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ?? []) as Type[];
  const result: { body?: Type; query?: Type } = {};
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    const type = types[arg.index];
    // 3 = @Body(), 4 = @Query() (RouteParamtypes); a named @Body('x') or a primitive is not a DTO
    if (arg.data !== undefined || !type || [String, Number, Boolean, Object, Array].includes(type as never)) continue;
    if (kind === 3) result.body = type;
    if (kind === 4) result.query = type;
  }
  return result;
}

/** Nested DTO classes of a class, through @nestjs/swagger's property metadata (`type: () => Class` or `[Class]`). */
function nestedClasses(target: Type, seen = new Set<Type>()): Set<Type> {
  if (seen.has(target)) return seen;
  seen.add(target);
  for (const rules of validationRules(target)) {
    const meta = Reflect.getMetadata('swagger/apiModelProperties', target.prototype as object, rules.property) as { type?: unknown } | undefined;
    let type = meta?.type;
    if (Array.isArray(type)) type = type[0];
    if (typeof type === 'function' && !(type as { prototype?: unknown }).prototype) type = (type as () => unknown)();
    if (typeof type === 'function' && validationRules(type as Type).length > 0) nestedClasses(type as Type, seen);
  }
  return seen;
}

/** Writes the validators' rules into request body schemas and query parameters. */
function applyValidatorRules(app: INestApplication, document: OpenAPIObject): void {
  const byRoute = handlers(app);
  const schemas = document.components!.schemas as Record<string, SchemaObject>;
  const unknown = new Set<string>();
  const done = new Set<Type>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, { parameters?: ParameterObject[] }]>) {
      const handler = byRoute.get(toRouteKey(method, path));
      if (!handler) throw new Error(`No handler found for ${method.toUpperCase()} ${path}`);
      const { body, query } = argumentClasses(handler.controller, handler.method);
      if (body) {
        for (const target of nestedClasses(body)) {
          if (done.has(target)) continue;
          done.add(target);
          const schema = schemas[target.name];
          if (schema) applyClassRules(schema, target).forEach((name) => unknown.add(name));
        }
      }
      if (query) {
        for (const rules of validationRules(query)) {
          const parameter = operation.parameters?.find((p) => p.in === 'query' && p.name === rules.property);
          if (!parameter) continue;
          const schema = (parameter.schema ??= {}) as SchemaObject;
          applyPropertyRules(schema, rules).forEach((name) => unknown.add(name));
          parameter.required = !rules.optional;
        }
      }
    }
  }
  if (unknown.size > 0) throw new Error(`No OpenAPI mapping for validators: ${[...unknown].join(', ')} (add them to VALIDATOR_SCHEMA_RULES)`);
}

/** The platform refuses a PATCH without a field to change (400 NOTHING_TO_CHANGE, text-safety.ts): `minProperties: 1`. */
function requireAFieldToChange(document: OpenAPIObject): void {
  const schemas = document.components!.schemas as Record<string, SchemaObject>;
  for (const item of Object.values(document.paths)) {
    const body = (item.patch?.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)?.content?.['application/json']?.schema;
    const schema = body?.$ref ? schemas[body.$ref.split('/').pop()!] : undefined;
    if (schema) schema.minProperties = 1;
  }
}

const toRouteKey = (method: string, path: string) => routeKey(method, path.startsWith(`${API_SERVER}/`) ? path.slice(API_SERVER.length) : path).replace(/\{(\w+)\}/g, ':$1');

/**
 * Professionals authenticate with a bearer token; partner API clients with an OAuth2 client-credentials token on the
 * routes client-routes.ts opens to them, each with the scope it needs. Public routes need neither.
 */
function applySecurity(document: OpenAPIObject, clientRoutes: Readonly<Record<string, string>>): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, { security?: Array<Record<string, string[]>> }]>) {
      if (!operation.security || operation.security.length === 0) {
        operation.security = [];
        continue;
      }
      const scope = clientRoutes[toRouteKey(method, path)];
      operation.security = [{ bearer: [] }, ...(scope ? [{ oauth2: [scope] }] : [])];
    }
  }
}

function applyTags(document: OpenAPIObject, tags: ApiDocumentOptions['tags']): void {
  const used = new Set(Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((o: { tags?: string[] }) => o.tags ?? [])));
  const missing = [...used].filter((name) => !tags.some((t) => t.name === name));
  if (missing.length > 0) throw new Error(`OpenAPI tags without a description: ${missing.join(', ')}`);
  document.tags = tags.filter((t) => used.has(t.name));
}

/**
 * The server is `/api/v1` (the major version in the URI, API Design Rules /core/uri-version), so paths are written
 * without it; the few operations outside it (health, metrics) name their own server.
 */
function applyServers(document: OpenAPIObject): OpenAPIObject {
  document.servers = [{ url: API_SERVER, description: 'This Eenplan installation, version 1 of the API.' }];
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith(`${API_SERVER}/`)) paths[path.slice(API_SERVER.length)] = item;
    else {
      // on each operation, not the path item: path items then hold only operations, which tools iterate
      for (const operation of Object.values(item) as Array<{ servers?: unknown }>) operation.servers = [{ url: '/', description: 'Outside the versioned API.' }];
      paths[path] = item;
    }
  }
  document.paths = paths;
  return document;
}
