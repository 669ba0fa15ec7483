/** The parts of an OpenAPI 3.0 document the contract tests read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  uniqueItems?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  description?: string;
  example?: unknown;
  default?: unknown;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
}

export interface Parameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Response {
  description: string;
  headers?: Record<string, { $ref?: string }>;
  content?: Record<string, { schema?: Schema }>;
}

export interface Operation {
  operationId: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
  security?: Array<Record<string, string[]>>;
  servers?: Array<{ url: string }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; contact?: Record<string, string>; license?: { name: string; url?: string } };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    headers: Record<string, unknown>;
    parameters: Record<string, Parameter>;
    securitySchemes: Record<string, { type: string; flows?: { clientCredentials?: { tokenUrl: string; scopes: Record<string, string> } } }>;
  };
}

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type Method = (typeof METHODS)[number];

/** Every operation with its method, path template and the URL prefix of its server. */
export function operations(doc: OpenApiDocument): Array<{ method: Method; path: string; base: string; operation: Operation }> {
  const out: Array<{ method: Method; path: string; base: string; operation: Operation }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const server = operation.servers?.[0]?.url ?? doc.servers[0]!.url;
      out.push({ method, path, base: server === '/' ? '' : server, operation });
    }
  }
  return out;
}

/** A schema with its `$ref` followed (one level; call again for nested). */
export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  while (current.$ref) current = doc.components.schemas[current.$ref.split('/').pop()!]!;
  return current;
}

export function resolveParameter(doc: OpenApiDocument, parameter: Parameter): Parameter {
  return parameter.$ref ? doc.components.parameters[parameter.$ref.split('/').pop()!]! : parameter;
}
