import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { API_VERSION, API_VERSION_HEADER } from './api-version.js';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDocument } from './problem.js';

/** What Node's HTTP parser refuses before the application sees a request, as the API's own problems. */
const REFUSALS: Record<string, { status: number; code: string; title: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'REQUEST_HEADERS_TOO_LARGE',
    title: 'Headers van het verzoek te groot / Request headers too large',
    detail: 'De headers of de URL van het verzoek zijn te groot (samen hoogstens 16 kB). / The request headers or URL are too large (16 kB at most together).',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    title: 'Verzoek niet op tijd / Request timeout',
    detail: 'Het verzoek kwam niet op tijd helemaal binnen. / The request did not arrive in full in time.',
  },
};
const MALFORMED = { status: 400, code: 'MALFORMED_REQUEST', title: 'Ongeldig verzoek / Bad request', detail: 'Dit is geen geldig HTTP-verzoek. / This is not a valid HTTP request.' };

/**
 * Node answers a request its parser refuses (headers over its limit, a malformed request line) itself, with a bare
 * status line — no `API-Version`, no problem body. With a `clientError` listener the answer is ours: problem+json
 * with `API-Version`, as every other error. Which language the caller prefers cannot be read (its headers were not
 * parsed), so the detail carries both, Dutch first (`Content-Language: nl, en`). The connection is closed after it.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // a connection the client already dropped, or one that has an answer on its way, gets nothing more
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = REFUSALS[error.code ?? ''] ?? MALFORMED;
    const problem: ProblemDocument = {
      type: problemType(refusal.code),
      // the title in both languages too, as the detail (an outside probe read an English-only title, stop 42)
      title: refusal.title,
      status: refusal.status,
      detail: refusal.detail,
      code: refusal.code,
    };
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        'Content-Language: nl, en\r\n' +
        `${API_VERSION_HEADER}: ${API_VERSION}\r\n` +
        'Cache-Control: no-store\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
