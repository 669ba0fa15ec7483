import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config/app-config.js';
import { rememberCallerRequestId } from './common/request-id.js';

const FRAMEWORK_BOOT = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * Structured logs with request ids and no personal data: requests are logged as method, path (no query
 * string: searches carry names) and status only; headers and bodies are never logged.
 */
export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  const options = {
      level: config.logLevel,
      // Our request id is always our own, so a caller cannot make two requests look like one in logs and the
      // audit trail; the caller's X-Request-Id is kept apart (the audit's callerRequestId) when it looks sane.
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        rememberCallerRequestId(req);
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: (err: { type?: string; message?: string }) => ({ type: err.type }),
      },
      redact: { paths: ['req.headers', 'res.headers', 'req.body', 'req.query'], remove: true },
      autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
      customSuccessMessage: () => 'request completed',
      customErrorMessage: () => 'request failed',
      quietReqLogger: true,
      hooks: {
        // Nest's boot chatter (one line per module and route) drowns the start-up banner; keep it at debug.
        logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void, level: number) {
          const first = args[0] as { module?: unknown } | undefined;
          if (level === 30 && typeof first?.module === 'string' && FRAMEWORK_BOOT.has(first.module)) return;
          method.apply(this, args);
        },
      },
  };
  // A destination other than stdout is for tests that read everything the service logs.
  return { pinoHttp: destination ? [options, destination] : options, renameContext: 'module' };
}
