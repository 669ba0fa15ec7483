import type { AppConfig } from '../../src/config/app-config.js';
import { DomainError } from '../../src/common/domain-error.js';
import { WebhookEgress, type WebhookResolver } from '../../src/delivery/webhooks/egress/webhook-egress.js';

/** Saving a webhook URL that is well-formed but against the destination rules: 422 with the rule, never 400. */
describe('webhook URLs refused when saved', () => {
  const made: WebhookEgress[] = [];
  afterAll(() => Promise.all(made.map((e) => e.onModuleDestroy())));
  const egress = (nodeEnv: string) => {
    const e = new WebhookEgress(
      { nodeEnv, webhooks: { timeoutMs: 1000, allowPrivateTargets: false, allowedPorts: [443, 8443] } } as unknown as AppConfig,
      { lookup: () => Promise.resolve([{ address: '10.1.2.3', family: 4 }]) } as unknown as WebhookResolver,
    );
    made.push(e);
    return e;
  };
  const refusal = async (nodeEnv: string, url: string) => {
    const error = await egress(nodeEnv).assertAllowed(url).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };

  it('http in production is 422 INSECURE_URL', async () => {
    expect(await refusal('production', 'http://hooks.partner.example/')).toMatchObject({ status: 422, code: 'INSECURE_URL' });
  });

  it('a private address, a name resolving to one, or a port not allowed is 422 DESTINATION_REFUSED', async () => {
    for (const url of ['https://10.0.0.1/', 'https://hooks.partner.example/', 'https://8.8.8.8:6379/']) {
      expect(await refusal('development', url)).toMatchObject({ status: 422, code: 'DESTINATION_REFUSED' });
    }
  });
});
