/**
 * The languages of problem texts. The users are Dutch case managers, so Dutch is the default; English is for
 * partners' integrators. Codes and `type` URIs never change with the language — only `title`, `detail` and the
 * validation messages do.
 */
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'nl';

/** One text in every language, written next to each other so a new message cannot be added in one language only. */
export interface Text {
  nl: string;
  en: string;
}

/** A text, or a function that writes it for a language (for texts built from parts). */
export type TextSource = Text | ((language: Language) => string);

export function toText(source: TextSource): Text {
  return typeof source === 'function' ? { nl: source('nl'), en: source('en') } : source;
}

export function isText(value: unknown): value is Text {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as Text).nl === 'string' && typeof (value as Text).en === 'string';
}

/** Replaces every `Text` inside plain objects and arrays by its text in `language` (problem extensions such as `errors`). */
export function localize(value: unknown, language: Language): unknown {
  if (isText(value)) return value[language];
  if (Array.isArray(value)) return value.map((item) => localize(item, language));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, localize(item, language)]));
  }
  return value;
}

/**
 * The language for an `Accept-Language` header (RFC 9110 §12.5.4, basic filtering of RFC 4647): the supported
 * language with the highest q-value wins, the first listed on a tie; `en-GB` counts as `en`; `q=0` means "not this
 * one"; `*` stands for any language not named elsewhere. Nothing usable → Dutch.
 */
export function negotiateLanguage(header: string | string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return DEFAULT_LANGUAGE;
  // a Map keeps insertion order: the language named first comes first, so a tie goes to it
  const weights = new Map<Language, number>();
  let wildcard: number | undefined;
  for (const part of value.split(',').slice(0, 50)) {
    const [rangeRaw, ...params] = part.split(';');
    const range = rangeRaw?.trim().toLowerCase() ?? '';
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(range)) continue;
    const q = quality(params);
    if (q === undefined) continue;
    if (range === '*') {
      wildcard ??= q;
      continue;
    }
    const primary = range.split('-')[0] as string;
    const language = LANGUAGES.find((l) => l === primary);
    // the most specific match decides, but `en-GB;q=0.2, en;q=0.9` should not lower `en`: keep the highest
    if (language) weights.set(language, Math.max(weights.get(language) ?? 0, q));
  }
  let best: Language | undefined;
  let bestQ = 0;
  for (const [language, q] of weights) {
    if (q > bestQ) [best, bestQ] = [language, q];
  }
  if (wildcard !== undefined && wildcard > bestQ) {
    const unnamed = LANGUAGES.filter((l) => !weights.has(l));
    if (unnamed.length > 0) return unnamed.includes(DEFAULT_LANGUAGE) ? DEFAULT_LANGUAGE : unnamed[0]!;
  }
  return best ?? DEFAULT_LANGUAGE;
}

/** q from `;q=0.8` (three decimals at most); undefined when malformed (the range is then ignored). */
function quality(params: string[]): number | undefined {
  let q = 1;
  for (const param of params) {
    const [name, raw] = param.split('=').map((s) => s.trim());
    if (name?.toLowerCase() !== 'q') continue;
    if (!raw || !/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(raw)) return undefined;
    q = Number(raw);
  }
  return q;
}

