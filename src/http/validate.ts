// Request validation with zod. Schemas are strict (unknown fields are rejected) and the error names the
// field, so a client always learns what to fix and nothing is written.
//
// Before any schema runs, every string in the input (keys too) is checked for control characters, and the
// input's nesting depth is bounded. A NUL byte is never meaningful in a name, an id or a label, and
// Postgres refuses to store or compare one ("invalid byte sequence"), which used to surface as a 500 on
// Postgres while SQLite answered normally. Broken UTF-16 (a lone surrogate) is refused for the same reason.
// Tab, line feed and carriage return stay allowed (a description
// may have lines). Every route and socket event goes through here, so the rule holds everywhere.
import type { z } from 'zod';
import { AppError } from '../lib/errors';

// C0 controls except \t \n \r, DEL, the C1 controls, and UTF-16 surrogates that are not half of a pair
// (JSON can spell "\udfff"; it is no character, and no database stores it as sent).
const controlCharacter =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole job
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Far deeper than any Marquee request (an auditorium layout is four levels); deep enough to refuse a
// hostile `[[[[…]]]]` before anything recurses over it.
const MAX_DEPTH = 16;

type Problem = { path: string[]; message: string };

/** The first string with a control character, or the first value nested too deep (iterative: no recursion to overflow). */
function findProblem(input: unknown): Problem | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    if (typeof value === 'string') {
      if (controlCharacter.test(value))
        return { path, message: 'must be plain text: no control characters (such as NUL) or broken characters' };
    } else if (typeof value === 'object' && value !== null) {
      if (path.length >= MAX_DEPTH) return { path, message: `nested too deeply (at most ${MAX_DEPTH} levels)` };
      for (const [key, item] of Object.entries(value)) {
        if (controlCharacter.test(key)) return { path, message: 'a field name contains control characters' };
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return undefined;
}

function validationFailed(fields: { field: string; message: string }[]): AppError {
  const first = fields[0];
  return new AppError('VALIDATION_FAILED', first ? `${first.field}: ${first.message}` : 'Invalid input', {
    field: first?.field,
    fields,
  });
}

type Issue = { code: string; path: PropertyKey[]; message: string; errors?: Issue[][] };

/**
 * A value that matches none of a union's shapes ({seats} or {count}) is reported by zod as one issue at the
 * union itself. The client is told instead what is wrong with the shape it came closest to (the one with
 * the fewest issues), so `{"seats": [101 labels]}` names body.seats, not body.
 */
function specific(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || !issue.errors?.length) return [issue];
    const closest = issue.errors.reduce((best, option) => (option.length < best.length ? option : best));
    return specific(closest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const problem = findProblem(input);
  if (problem) {
    // The field name is the client's own text: shown only when it is printable and short.
    const path = problem.path.filter((key) => !controlCharacter.test(key) && key.length <= 64);
    throw validationFailed([{ field: [where, ...path].join('.'), message: problem.message }]);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(
    specific(result.error.issues as unknown as Issue[]).map((issue) => ({
      field: [where, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}
