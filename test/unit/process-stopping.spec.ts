import { logAfterGrace, markProcessStopping, warnUnlessStopping } from '../../src/common/process-stopping.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorder() {
  const lines: Array<[level: 'warn' | 'debug', message: string]> = [];
  return { lines, logger: { warn: (_fields: object, message: string) => lines.push(['warn', message]), debug: (_fields: object, message: string) => lines.push(['debug', message]) } };
}

// one file, one module instance: the order of these tests is the process's life (running, then stopping)
describe('warnUnlessStopping', () => {
  it('warns about a lost connection once the grace passed and no stop came', async () => {
    const { lines, logger } = recorder();
    warnUnlessStopping(logger, { reason: 'connection ended' }, 'outbox listener lost', 20);
    expect(lines).toEqual([]);
    await sleep(60);
    expect(lines).toEqual([['warn', 'outbox listener lost']]);
  });

  it('says the connection is back after the same grace, so "lost" comes first even after a reconnect within it', async () => {
    const lines: string[] = [];
    const logger = { warn: (_f: object, m: string) => lines.push(m), debug: (_f: object, m: string) => lines.push(m), log: (_f: object, m: string) => lines.push(m) };
    warnUnlessStopping(logger, {}, 'outbox listener lost', 30);
    await sleep(5); // re-subscribed 5 ms later, well within the grace
    logAfterGrace(logger, {}, 'outbox listener re-subscribed', 30);
    await sleep(80);
    expect(lines).toEqual(['outbox listener lost', 'outbox listener re-subscribed']);
  });

  it('says it at debug level when the stop comes within the grace (the database heard the Ctrl-C first)', async () => {
    const { lines, logger } = recorder();
    warnUnlessStopping(logger, { reason: 'terminating connection due to administrator command' }, 'outbox listener lost', 50);
    markProcessStopping();
    await sleep(90);
    expect(lines).toEqual([['debug', 'outbox listener lost (the process is stopping)']]);
  });

  it('and at once once the process is stopping', () => {
    const { lines, logger } = recorder();
    warnUnlessStopping(logger, {}, 'worker connection problem');
    expect(lines).toEqual([['debug', 'worker connection problem (the process is stopping)']]);
  });
});
