import type { INestApplication } from '@nestjs/common';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every route the running Express app serves (method + path as registered), from its router's stack. */
export function registeredRoutes(app: INestApplication): Array<{ method: string; path: string }> {
  const instance = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const router = instance.router ?? instance._router;
  if (!router) throw new Error('cannot find the Express router: has the HTTP adapter changed?');
  return router.stack.flatMap((layer) => {
    if (!layer.route) return [];
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    const methods = Object.keys(layer.route.methods).filter((m) => m !== '_all');
    return paths.flatMap((path) => methods.map((method) => ({ method: method.toUpperCase(), path })));
  });
}
