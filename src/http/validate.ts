// Request validation with zod. Schemas are strict (unknown fields are rejected) and the error names the
// field, so a client always learns what to fix and nothing is written.
import type { z } from 'zod';
import { AppError } from '../lib/errors';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = fields[0];
  throw new AppError('VALIDATION_FAILED', first ? `${first.field}: ${first.message}` : 'Invalid input', {
    field: first?.field,
    fields,
  });
}
