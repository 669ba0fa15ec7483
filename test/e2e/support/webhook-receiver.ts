import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the partner's endpoint got it. */
export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`: a subscription adds its own path, which `received` records per request. */
  origin: string;
  port: number;
  received: ReceivedHook[];
  close(): Promise<void>;
}

/**
 * A partner's webhook endpoint on 127.0.0.1 that records every request whole. Apps deliver to it only when started
 * with LOCAL_WEBHOOK_RECEIVERS (the egress guard refuses loopback otherwise). `answer` replies to the n-th request —
 * 204 unless a test wants another status, a dropped connection or no answer at all.
 */
export async function startWebhookReceiver(
  answer: (res: ServerResponse, req: IncomingMessage, n: number) => void = (res) => void res.writeHead(204).end(),
): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      answer(res, req, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () => {
      // a receiver that never answers keeps its connections open; the test is over, so end them
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
