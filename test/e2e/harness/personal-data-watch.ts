import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { DestinationStream } from 'pino';

/** Request fields that carry a family's personal data (names, dates of birth, BSN, address, their own words, notes). */
const PERSONAL_FIELDS = new Set(['givenName', 'familyName', 'dateOfBirth', 'bsn', 'postcode', 'registrationReason', 'familyWishes', 'familyStrengths', 'note']);
/** Shorter values could match by chance (a date fragment, a number); every personal value the tests send is longer. */
const MIN_LENGTH = 6;
const WARN = 40;

function collect(value: unknown, into: Set<string>, key?: string): void {
  if (typeof value === 'string') {
    if (key && PERSONAL_FIELDS.has(key) && value.trim().length >= MIN_LENGTH) {
      into.add(value);
      if (key === 'postcode') into.add(value.replace(/\s+/g, '').toUpperCase());
    }
    return;
  }
  if (Array.isArray(value)) for (const item of value) collect(item, into, key);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, into, k);
}

/**
 * Watches a test application for personal data in its logs: it keeps every log line (the harness runs the app at
 * `debug`), notes every personal value the tests send in request bodies and search texts, and when the app closes
 * reports any of those values that appears in any log line. Lines at warn and above still go to stdout as before.
 * With it, the whole e2e suite — seeded names, BSNs, addresses, notes — is a check that nothing personal is logged.
 */
export class PersonalDataWatch {
  private readonly lines: string[] = [];
  private readonly values = new Set<string>();

  /** The log destination for the app: keeps every line, passes it on to `next` (or warn+ to stdout). */
  destination(next?: DestinationStream): DestinationStream {
    return {
      write: (line: string) => {
        this.lines.push(line);
        if (next) next.write(line);
        else if (levelOf(line) >= WARN) process.stdout.write(line);
      },
    };
  }

  attach(app: INestApplication): void {
    app.use((req: Request, res: Response, next: NextFunction) => {
      res.on('finish', () => {
        collect(req.body, this.values);
        const text = req.query?.text;
        if (typeof text === 'string' && text.trim().length >= MIN_LENGTH) this.values.add(text);
      });
      next();
    });
  }

  /** Personal values that reached the logs, described without repeating them in full. */
  leaks(): string[] {
    if (this.values.size === 0) return [];
    const log = this.lines.join('');
    return [...this.values].filter((value) => log.includes(value)).map((value) => `a value of ${value.length} characters starting "${value.slice(0, 2)}…"`);
  }
}

function levelOf(line: string): number {
  const match = /"level":(\d+)/.exec(line);
  return match ? Number(match[1]) : WARN;
}
