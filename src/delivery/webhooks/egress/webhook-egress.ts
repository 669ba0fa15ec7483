import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent, buildConnector, request } from 'undici';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { Text } from '../../../common/language.js';
import { WebhookErrors } from '../webhooks.errors.js';
import { REFUSAL_EXPLANATIONS, refusalFor, type RefusalRule } from './address-policy.js';

export type EgressRule = RefusalRule | 'port';

/** A connection the guard would not open. Carries the rule for the server log; partners only see "refused destination". */
export class DestinationRefused extends Error {
  readonly code = 'EENPLAN_DESTINATION_REFUSED';
  constructor(readonly rule: EgressRule) {
    super(`webhook destination refused (${rule})`);
    this.name = 'DestinationRefused';
  }
}

/** What one delivery attempt came to. `reason` (no answer) is for the server log only: it tells ports apart. */
export type EgressOutcome = { kind: 'answered'; statusCode: number } | { kind: 'refused'; rule: EgressRule } | { kind: 'no_answer'; reason: string };

/**
 * Name resolution for webhook destinations, a provider of its own so that tests can answer for a name (DNS
 * rebinding: one answer when the URL is checked, another when the connection is opened).
 */
@Injectable()
export class WebhookResolver {
  lookup(hostname: string): Promise<LookupAddress[]> {
    return dns.lookup(hostname, { all: true, verbatim: true });
  }
}

/** How long the check at creation waits for DNS before leaving the decision to the check at connect time. */
const CREATION_LOOKUP_MS = 3_000;

/**
 * The only way webhooks leave the server. Every connection is opened by an undici Agent whose connector resolves the
 * host itself and refuses loopback, private, link-local, CGNAT, ULA, multicast, broadcast, unspecified, reserved
 * and metadata addresses (IPv4-mapped forms included) at the moment it connects — so a name that resolved to a
 * public address when the URL was saved and to 127.0.0.1 now (DNS rebinding) is still refused. Creation and PATCH
 * run the same rules early, for a clear 422. undici's own `request` is used with its own Agent (not Node's global
 * fetch), so the dispatcher and the client always come from the same undici version.
 */
@Injectable()
export class WebhookEgress implements OnModuleDestroy {
  private readonly agent: Agent;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly resolver: WebhookResolver,
  ) {
    const connector = buildConnector({ lookup: this.guardedLookup, timeout: config.webhooks.timeoutMs });
    this.agent = new Agent({
      connect: (options, callback) => {
        // net skips `lookup` for IP literals, so a literal is judged here
        const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
        const rule = isIP(host) ? this.addressRefusal(host) : null;
        if (rule) callback(new DestinationRefused(rule), null);
        else connector(options, callback);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  /**
   * For creation and PATCH: https in production, an allowed port, and a host that does not resolve to a refused
   * address. A name that does not resolve (yet) is accepted — nothing can be reached through it, and the check at
   * connect time decides every delivery anyway.
   */
  async assertAllowed(rawUrl: string): Promise<void> {
    const url = new URL(rawUrl);
    if (this.config.nodeEnv === 'production' && url.protocol !== 'https:') {
      throw WebhookErrors.create('INSECURE_URL', { nl: 'Webhook-URL’s moeten https gebruiken.', en: 'Webhook URLs must use https.' }, { errors: [{ field: 'url', messages: [{ nl: 'url moet https gebruiken', en: 'url must use https' }] }] });
    }
    const rule = this.urlRefusal(url) ?? (await this.resolvedRefusal(url.hostname));
    if (rule) {
      const allowed = this.config.webhooks.allowedPorts?.join(', ');
      const explanation: Text =
        rule === 'port'
          ? { nl: `poort ${portOf(url)} is niet toegestaan voor webhooks (toegestaan: ${allowed})`, en: `port ${portOf(url)} is not allowed for webhooks (allowed: ${allowed})` }
          : REFUSAL_EXPLANATIONS[rule];
      throw WebhookErrors.create('DESTINATION_REFUSED', {
        nl: `Deze webhook-URL is geweigerd: ${explanation.nl}. Webhooks worden alleen naar openbare internetadressen gestuurd; gebruik de openbare hostnaam van uw endpoint.`,
        en: `This webhook URL is refused: ${explanation.en}. Webhooks are sent only to public internet addresses; use your endpoint's public host name.`,
      }, {
        rule,
        errors: [{ field: 'url', messages: [explanation] }],
      });
    }
  }

  /** One POST; never follows redirects, never throws for network trouble. */
  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<EgressOutcome> {
    const url = new URL(rawUrl);
    const early = this.urlRefusal(url);
    if (early) return { kind: 'refused', rule: early };
    try {
      const response = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.config.webhooks.timeoutMs),
      });
      // only the status counts; the body is read and dropped so the connection can be reused
      await response.body.dump();
      return { kind: 'answered', statusCode: response.statusCode };
    } catch (caught) {
      const refused = findRefusal(caught);
      if (refused) return { kind: 'refused', rule: refused.rule };
      return { kind: 'no_answer', reason: reasonOf(caught) };
    }
  }

  /** Port and IP-literal rules that need no DNS. */
  private urlRefusal(url: URL): EgressRule | null {
    const allowedPorts = this.config.webhooks.allowedPorts;
    if (allowedPorts && !allowedPorts.includes(portOf(url))) return 'port';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return isIP(host) ? this.addressRefusal(host) : null;
  }

  private async resolvedRefusal(hostname: string): Promise<EgressRule | null> {
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host)) return this.addressRefusal(host);
    let timer: NodeJS.Timeout | undefined;
    const addresses = await Promise.race([
      this.resolver.lookup(host).catch(() => [] as LookupAddress[]),
      new Promise<LookupAddress[]>((resolve) => (timer = setTimeout(() => resolve([]), CREATION_LOOKUP_MS))),
    ]).finally(() => clearTimeout(timer));
    return this.firstRefusal(addresses);
  }

  private addressRefusal(address: string): RefusalRule | null {
    return refusalFor(address, { allowPrivateTargets: this.config.webhooks.allowPrivateTargets });
  }

  /** A name with one refused address is refused as a whole: otherwise the attacker picks which answer is used. */
  private firstRefusal(addresses: LookupAddress[]): RefusalRule | null {
    for (const { address } of addresses) {
      const rule = this.addressRefusal(address);
      if (rule) return rule;
    }
    return null;
  }

  /** net's `lookup` hook, called when a socket connects: the address checked is the address connected to. */
  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    this.resolver.lookup(hostname).then(
      (found) => {
        const addresses = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        const rule = this.firstRefusal(addresses);
        if (rule) return callback(new DestinationRefused(rule), '', 0);
        if (addresses.length === 0) return callback(Object.assign(new Error(`no address for the webhook host`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function findRefusal(error: unknown): DestinationRefused | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof DestinationRefused) return current;
    if (current instanceof AggregateError) {
      const inner = current.errors.find((e) => e instanceof DestinationRefused) as DestinationRefused | undefined;
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Error class for the server log: timeout, ECONNREFUSED, ECONNRESET, ENOTFOUND, certificate errors, … */
function reasonOf(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  return e.code ?? e.cause?.code ?? e.name ?? 'unknown';
}
