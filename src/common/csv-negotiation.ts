import type { Request, Response } from 'express';

/**
 * Whether a route that answers JSON or CSV answers CSV: `format` decides when given; otherwise `Accept`, with its
 * q-values (`text/csv;q=0` means "not CSV"; JSON wins a tie and answers anything else). The answer depends on
 * `Accept`, so caches are told (`Vary: Accept`).
 */
export function wantsCsv(req: Request, res: Response, format: string | undefined): boolean {
  res.vary('Accept');
  if (format !== undefined) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** The header a CSV export carries, as the OpenAPI document states it on the 200. */
export const CSV_EXPORT_HEADERS = {
  'Content-Disposition': { description: 'On the CSV export only: `attachment` with a file name.', schema: { type: 'string' as const } },
};
