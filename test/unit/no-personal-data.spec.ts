import { expectNoneOf } from '../e2e/support/no-personal-data.js';

describe('expectNoneOf (the leak check the e2e tests use)', () => {
  it('finds a secret in a value, a key, a number or text that is itself JSON', () => {
    expect(() => expectNoneOf({ note: 'Huisnummer 100' }, ['100'])).toThrow();
    expect(() => expectNoneOf({ address: { houseNumber: 100 } }, ['100'])).toThrow();
    expect(() => expectNoneOf({ '3512AB': true }, ['3512'])).toThrow();
    expect(() => expectNoneOf('{"items":["2014-03-01"]}', ['2014-03-01'])).toThrow();
  });

  it('finds an id that is itself the secret', () => {
    const other = '8c88e412-c86e-40ef-9c06-11bc35fc8724';
    expect(() => expectNoneOf({ organisationIds: [other.toUpperCase()] }, [other])).toThrow();
  });

  it('does not mistake digits inside a random id or a timestamp for a house number', () => {
    expect(() => expectNoneOf({ matchId: '7a10a01a-271d-4dac-900f-df799e8d8001', at: '2026-12-03T13:10:04.100Z' }, ['100', '3512'])).not.toThrow();
  });

  it('does not mistake digits inside a sequence id for a house number, but finds one that is the secret whole', () => {
    expect(() => expectNoneOf({ eventId: '3105', id: '1310', signalIds: ['3100'] }, ['310'])).not.toThrow();
    expect(() => expectNoneOf({ eventId: '111222333' }, ['111222333'])).toThrow();
    expect(() => expectNoneOf({ note: '3105' }, ['310'])).toThrow();
    expect(() => expectNoneOf({ paid: '3105' }, ['310'])).toThrow();
  });
});
