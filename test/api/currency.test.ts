// CURRENCY: one setting, validated at start, served to the web app and written into the API docs.
import { loadConfig } from '../../src/config';
import { createTestApp, type TestApp } from '../support/app';

describe('the CURRENCY setting', () => {
  it('when it is not set, then it is USD', () => {
    expect(loadConfig({}).CURRENCY).toBe('USD');
  });

  it('when it is a known ISO 4217 code in any case, then it is kept in capitals', () => {
    expect(loadConfig({ CURRENCY: 'eur' }).CURRENCY).toBe('EUR');
  });

  it.each(['EURO', 'XYZ', 'us', '€'])('when it is %p, then config parsing stops with a message naming CURRENCY', (value) => {
    expect(() => loadConfig({ CURRENCY: value })).toThrow(
      /Invalid configuration:\n {2}CURRENCY: an ISO 4217 currency code like USD or EUR/,
    );
  });
});

describe('the currency over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CURRENCY: 'EUR', MAX_SEATS_PER_HOLD: '6', MAX_SEATS_PER_USER: '8' });
  });
  afterAll(() => t.close());

  it('when anyone asks for the settings, then they get the currency, its minor unit and the seat limits', async () => {
    const res = await t.request.get('/api/settings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currency: 'EUR', minorUnitDigits: 2, maxSeatsPerHold: 6, maxSeatsPerUser: 8 });
  });

  it('when the OpenAPI document is read, then every price and total names the currency', async () => {
    const document = (await t.request.get('/api/openapi.json')).body;
    const descriptions: string[] = [];
    const visit = (node: unknown, name?: string) => {
      if (!node || typeof node !== 'object') return;
      if (name && /Cents$/.test(name) && !('$ref' in node)) descriptions.push(String((node as { description?: string }).description));
      for (const [key, value] of Object.entries(node)) visit(value, key);
    };
    visit(document);
    // priceCents of seats and sections, totalCents of bookings, at least.
    expect(descriptions.length).toBeGreaterThanOrEqual(3);
    for (const description of descriptions) expect(description).toContain('(EUR)');
  });
});

describe('a currency without minor units', () => {
  it('when CURRENCY is JPY, then the settings say amounts are whole yen', async () => {
    const t = await createTestApp({ CURRENCY: 'JPY' });
    try {
      expect((await t.request.get('/api/settings')).body).toMatchObject({ currency: 'JPY', minorUnitDigits: 0 });
    } finally {
      await t.close();
    }
  });
});
