/** How a failed constraint was declared: its arguments and whether it applies to each element of an array. */
export interface ConstraintUse {
  constraints: unknown[];
  each: boolean;
}

type Template = (property: string, args: unknown[]) => string;

/** "1 element", "3 elementen". */
const elements = (count: unknown) => `${String(count)} ${count === 1 ? 'element' : 'elementen'}`;
const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value ? Object.values(value).join(', ') : String(value));

/**
 * Dutch for each class-validator constraint this API uses (and a few more), by the constraint's name as it appears
 * as the key of `ValidationError.constraints`. The English texts are class-validator's own.
 */
const DUTCH: Record<string, Template> = {
  isString: (p) => `${p} moet tekst zijn`,
  isNotBlank: (p) => `${p} mag niet leeg zijn of alleen uit spaties bestaan`,
  maxLength: (p, [max]) => `${p} mag hoogstens ${String(max)} tekens lang zijn`,
  minLength: (p, [min]) => `${p} moet minstens ${String(min)} tekens lang zijn`,
  isLength: (p, [min, max]) => `${p} moet ${String(min)} tot ${String(max)} tekens lang zijn`,
  isIn: (p, [values]) => `${p} moet een van deze waarden zijn: ${list(values)}`,
  isEnum: (p, [entity]) => `${p} moet een van deze waarden zijn: ${list(entity)}`,
  isUuid: (p) => `${p} moet een UUID zijn`,
  isBoolean: (p) => `${p} moet true of false zijn`,
  isInt: (p) => `${p} moet een geheel getal zijn`,
  isNumber: (p) => `${p} moet een getal zijn`,
  min: (p, [min]) => `${p} mag niet kleiner zijn dan ${String(min)}`,
  max: (p, [max]) => `${p} mag niet groter zijn dan ${String(max)}`,
  isArray: (p) => `${p} moet een lijst (array) zijn`,
  arrayMinSize: (p, [min]) => `${p} moet minstens ${elements(min)} bevatten`,
  arrayMaxSize: (p, [max]) => `${p} mag hoogstens ${elements(max)} bevatten`,
  arrayNotEmpty: (p) => `${p} mag niet leeg zijn`,
  arrayUnique: (p) => `alle elementen van ${p} moeten verschillend zijn`,
  matches: (p) => `${p} heeft niet de vereiste vorm`,
  isUrl: (p) => `${p} moet een URL zijn`,
  isHttpUrl: (p) => `${p} moet een volledige http- of https-URL zijn`,
  isEmail: (p) => `${p} moet een e-mailadres zijn`,
  isDefined: (p) => `${p} is verplicht`,
  isNotEmpty: (p) => `${p} mag niet leeg zijn`,
  isObject: (p) => `${p} moet een object zijn`,
  isDateString: (p) => `${p} moet een datum in ISO 8601-vorm zijn`,
  isISO8601: (p) => `${p} moet een datum in ISO 8601-vorm zijn`,
  isDateOnly: (p) => `${p} moet een datum zijn in de vorm jjjj-mm-dd`,
  isBirthDate: (p) => `${p} moet een datum (jjjj-mm-dd) zijn tussen 1900-01-01 en vandaag`,
  isBirthDateRange: (p) => `${p} moet een datum (jjjj-mm-dd) zijn tussen 1900-01-01 en vandaag`,
  isBsn: (p) => `${p} moet een BSN van 9 cijfers zijn`,
  isBsnElfproef: (p) => `${p} moet een geldig BSN zijn (9 cijfers die de elfproef doorstaan)`,
  isInstantRange: (p) => `${p} mag niet voor 1900 liggen`,
  isUniqueBy: (p, [key]) => `${p} mag elke ${String(key)} hoogstens één keer noemen`,
  isInstant: (p) => `${p} moet een datum-tijd met tijdzone zijn, bijvoorbeeld 2026-03-01T14:30:00+01:00`,
  isPostcode: (p) => `${p} moet een Nederlandse postcode zijn, zoals 1234 AB`,
  whitelistValidation: (p) => `het veld ${p} is niet toegestaan`,
  nestedValidation: (p) => `${p} moet een object of een lijst van objecten zijn`,
};

/** The Dutch message for a failed constraint; a constraint without a template still names the field. */
export function dutchValidationMessage(kind: string, property: string, use: ConstraintUse): string {
  const template = DUTCH[kind];
  // a template that quotes the rule's arguments (it takes two parameters) needs them: without metadata (a nested
  // object that was not transformed into its class) the generic text is better than "hoogstens undefined tekens"
  if (!template || (template.length > 1 && use.constraints.length === 0)) return `${property} is niet geldig`;
  const message = template(property, use.constraints);
  // class-validator writes "each value in tags must …" for `{ each: true }`
  return use.each ? `elke waarde in ${message}` : message;
}

/** The constraint kinds with a Dutch template (a test checks that every decorator in use has one). */
export const TRANSLATED_CONSTRAINTS: ReadonlySet<string> = new Set(Object.keys(DUTCH));
