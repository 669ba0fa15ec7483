import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from './config/app-config.js';
import { rememberCallerRequestId } from './common/request-id.js';

const FRAMEWORK_BOOT = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** The request as logs show it: id, method and path (no query string: searches carry names); headers and bodies never. */
const serializers = {
  req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
  err: (err: { type?: string; message?: string }) => ({ type: err.type }),
};

/**
 * The application's one pino logger: structured logs with no personal data. A destination other than stdout is for
 * tests that read everything the service logs.
 */
export function createRootLogger(config: AppConfig, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    serializers,
    // belt and braces: the serializers above already leave these out
    redact: { paths: ['req.headers', 'res.headers', 'req.body', 'req.query'], remove: true },
    hooks: {
      // Nest's boot chatter (one line per module and route) drowns the start-up banner; keep it at debug.
      logMethod(args, method, level) {
        const first = args[0] as { module?: unknown } | undefined;
        if (level === 30 && typeof first?.module === 'string' && FRAMEWORK_BOOT.has(first.module)) return;
        method.apply(this, args);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * nestjs-pino over our own request logger (`requestLogging`): it binds each request's `req.log` for the
 * application's log calls made while handling it, and logs through `root` outside requests.
 */
export function loggerParams(root: Logger): Params {
  return { pinoHttp: { logger: root }, useExisting: true, renameContext: 'module' };
}

/**
 * The first middleware of every request: our own request id (the caller's X-Request-Id is kept apart, the audit's
 * callerRequestId, when it looks sane — so a caller cannot make two requests look like one in logs and the audit
 * trail), sent back as X-Request-Id; `req.log`, which carries it in every line logged while handling the request; and
 * one line when the response is done ("request completed", or "request failed" at error level for a 5xx). Health
 * checks are not logged. It does what pino-http did here with one child logger instead of two and no serializing
 * per request unless a line is written (docs/benchmarks.md, stop 26).
 */
export function requestLogging(root: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  // `req.id` and `req.log` are typed by pino-http's declarations (nestjs-pino reads them)
  return (req, res, next) => {
    rememberCallerRequestId(req);
    const id = randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const log = root.child({ reqId: id });
    req.log = log;
    if (!req.url?.startsWith('/health')) {
      const started = Date.now();
      // 'close' follows 'finish' for a response sent whole and also comes alone when the client went away
      res.once('close', () => logCompletion(log, req, res, Date.now() - started));
    }
    next();
  };
}

function logCompletion(log: Logger, req: IncomingMessage, res: ServerResponse, responseTime: number): void {
  const failed = res.statusCode >= 500;
  const level = failed ? 'error' : 'info';
  if (!log.isLevelEnabled(level)) return;
  log[level]({ req, res, responseTime }, failed ? 'request failed' : 'request completed');
}
