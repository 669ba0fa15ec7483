import { Ajv, type ValidateFunction } from 'ajv';
import * as formatsModule from 'ajv-formats';
import type { OpenApiDocument, Schema } from './openapi-types.js';

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS with `exports.default`: under ESM the plugin is the default of the default
const addFormats = ((formatsModule as unknown as { default: FormatsPlugin | { default: FormatsPlugin } }).default as { default?: FormatsPlugin }).default ??
  ((formatsModule as unknown as { default: FormatsPlugin }).default);

const DOC_ID = 'openapi';

/** OpenAPI 3.0 schema → JSON schema: `nullable` becomes a `null` alternative, refs point into the registered document. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'nullable' || key === 'example' || key === 'discriminator') continue;
    if (key === '$ref' && typeof inner === 'string') out.$ref = inner.startsWith('#') ? `${DOC_ID}${inner}` : inner;
    else out[key] = key === 'properties' ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).map(([k, v]) => [k, toJsonSchema(v)])) : toJsonSchema(inner);
  }
  if ((value as Schema).nullable) return { anyOf: [out, { type: 'null' }] };
  return out;
}

/** Validates response bodies against the schema the document gives for their operation, status and media type. */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: { schemas: toJsonSchema(doc.components.schemas) } });
  }

  /** Errors as text, or [] when the body fits (or the media type has no JSON schema). */
  check(key: string, schema: Schema | undefined, body: unknown): string[] {
    if (!schema) return [];
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
