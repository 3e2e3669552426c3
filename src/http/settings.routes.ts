// Public settings the web app needs before it draws a price (GET /api/settings), and the currency
// written into the OpenAPI document next to every amount: prices are integers in the currency's minor
// unit (cents for USD and EUR; whole yen for JPY), and CURRENCY says which currency.
import { z } from 'zod';
import { defineRoute } from './route';

export const settingsViewSchema = z.object({
  /** ISO 4217 code of every price and total, e.g. "USD". */
  currency: z.string(),
  /** Digits after the decimal point of the currency's minor unit: priceCents / 10^minorUnitDigits is the amount. */
  minorUnitDigits: z.number().int(),
  /** MAX_SEATS_PER_HOLD and MAX_SEATS_PER_USER (per showtime): the web app says them before refusing a seat. */
  maxSeatsPerHold: z.number().int(),
  maxSeatsPerUser: z.number().int(),
});

export function minorUnitDigits(currency: string) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function settingsRoutes(settings: { currency: string; maxSeatsPerHold: number; maxSeatsPerUser: number }) {
  const body = {
    currency: settings.currency,
    minorUnitDigits: minorUnitDigits(settings.currency),
    maxSeatsPerHold: settings.maxSeatsPerHold,
    maxSeatsPerUser: settings.maxSeatsPerUser,
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/settings',
      summary: `Public settings: the currency of every price (CURRENCY, here ${settings.currency}) and the seat limits`,
      tags: ['operations'],
      access: 'public',
      responses: { 200: { description: 'Settings', schema: settingsViewSchema } },
      handler: async () => ({ status: 200, body, headers: { 'Cache-Control': 'public, max-age=60' } }),
    }),
  ];
}

/** Money fields of the API, by name: integer amounts in the currency's minor unit. */
const moneyField = /(Cents)$/;

/**
 * Writes the currency into the description of every money field of an OpenAPI document (priceCents,
 * totalCents, revenueCents…), so a reader of /api/docs knows what an amount means without the README.
 */
export function describeMoney<T extends object>(document: T, currency: string): T {
  const digits = minorUnitDigits(currency);
  const unit = digits === 0 ? `whole ${currency}` : `${currency} minor units (1/${10 ** digits} ${currency})`;
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const record = node as Record<string, unknown>;
    const properties = record.properties as Record<string, Record<string, unknown>> | undefined;
    if (properties && typeof properties === 'object') {
      for (const [name, schema] of Object.entries(properties)) {
        if (moneyField.test(name) && schema && typeof schema === 'object' && !('$ref' in schema)) {
          schema.description = `Amount in ${unit}, an integer; the currency is CURRENCY (${currency}).`;
        }
      }
    }
    Object.values(record).forEach(visit);
  };
  visit(document);
  return document;
}
