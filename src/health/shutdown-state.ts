import { Injectable } from '@nestjs/common';

/**
 * Whether this process is shutting down. Set first on SIGTERM (src/main.ts), so readiness answers 503 and the
 * load balancer stops sending new requests before the listener closes.
 */
@Injectable()
export class ShutdownState {
  private since?: Date;

  get draining(): boolean {
    return this.since !== undefined;
  }

  begin(): void {
    this.since ??= new Date();
  }
}
