import type { INestApplication } from '@nestjs/common';
import { stackLayers, type ExpressRouter } from '../../../src/common/route-dispatch.js';

/** A route as Express keeps it (a path may also be registered as a list). */
interface RegisteredRoute {
  path: string | string[];
  methods: Record<string, boolean>;
}

/**
 * Every route the running Express app serves (method + path as registered), from its router's stack (runs of routes
 * the application dispatches by key, src/common/route-dispatch.ts, taken apart again).
 */
export function registeredRoutes(app: INestApplication): Array<{ method: string; path: string }> {
  const instance = app.getHttpAdapter().getInstance() as { router?: ExpressRouter; _router?: ExpressRouter };
  const router = instance.router ?? instance._router;
  if (!router) throw new Error('cannot find the Express router: has the HTTP adapter changed?');
  return stackLayers(router).flatMap((layer) => {
    const route = layer.route as RegisteredRoute | undefined;
    if (!route) return [];
    const paths = Array.isArray(route.path) ? route.path : [route.path];
    const methods = Object.keys(route.methods).filter((m) => m !== '_all');
    return paths.flatMap((path) => methods.map((method) => ({ method: method.toUpperCase(), path })));
  });
}
