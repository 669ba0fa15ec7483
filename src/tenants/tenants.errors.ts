import { defineErrors, type DomainError } from '../common/domain-error.js';

export const TenantErrors = defineErrors({
  TENANT_NAME_TAKEN: { status: 409, title: { nl: 'Er bestaat al een gemeente met deze naam', en: 'A municipality with this name already exists' } },
  TENANT_SLUG_TAKEN: { status: 409, title: { nl: 'Er bestaat al een gemeente met deze slug', en: 'A municipality with this slug already exists' } },
  ADMIN_SUBJECT_TAKEN: { status: 409, title: { nl: 'Dit aanmeldsubject hoort al bij een professional', en: 'This sign-in subject already belongs to a professional' } },
  TENANT_INPUT_INVALID: { status: 400, title: { nl: 'Met deze invoer kan de gemeente niet worden aangemaakt', en: 'The municipality cannot be created from this input' } },
  /** A code that is not one of the municipality's (active) life domains; plans and assessments refer to them. */
  UNKNOWN_LIFE_DOMAIN: { status: 422, title: { nl: 'Onbekend leefgebied', en: 'Unknown life domain' } },
});

/**
 * A 422 naming the fields whose code is not an active life domain of the municipality. The codes themselves are not
 * repeated: a code is free text from the caller, and a detail never carries what was sent (DECISIONS.md).
 */
export function unknownLifeDomain(fields: readonly string[]): DomainError {
  const names = fields.join(', ');
  return TenantErrors.create(
    'UNKNOWN_LIFE_DOMAIN',
    {
      nl: `Verbeter ${names}: geen actief leefgebied van uw gemeente; de codes staan in GET /life-domains.`,
      en: `Correct ${names}: not an active life domain of your municipality; the codes are in GET /life-domains.`,
    },
    { errors: fields.map((field) => ({ field, messages: [{ nl: `${field} moet een actieve code uit GET /life-domains zijn`, en: `${field} must be an active code from GET /life-domains` }] })) },
  );
}
