import { z } from 'zod';

/**
 * Who may call a channel. `staff`: the back office (a signed-in staff member, further limited by role). `portal`:
 * a customer-portal session, bound in the application layer to one customer (the renderer never names the
 * customer). `any`: both. `public`: also callers who have not signed in (the sign-in screen itself).
 */
export type Access = 'staff' | 'portal' | 'any' | 'public';

export interface Channel<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  /** true when the channel only reads: hosts may retry it, fuzzers check that nothing was written */
  readOnly: boolean;
  /** phantom: the output type, never present at run time */
  readonly __output?: O;
}

/**
 * Unknown keys are refused, not silently dropped, at every depth: a misspelt field must not look like an accepted
 * one (nested objects too: a customer's billing terms, a service's internet settings, invoice lines).
 */
function strict<I extends z.ZodType>(input: I): I {
  const t = input as z.ZodType;
  if (t instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, field] of Object.entries(t.shape as Record<string, z.ZodType>)) shape[key] = strict(field);
    return t.safeExtend(shape).strict() as unknown as I;
  }
  if (t instanceof z.ZodUnion) return z.union(t.options.map((o) => strict(o as z.ZodType)) as [z.ZodType, z.ZodType]) as unknown as I;
  // wrappers keep their own checks and defaults (clone with the strict inner schema)
  const def = (t as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (t instanceof z.ZodArray) return t.clone({ ...def, element: strict(def.element as z.ZodType) } as never) as unknown as I;
  if (t instanceof z.ZodOptional || t instanceof z.ZodNullable || t instanceof z.ZodDefault)
    return t.clone({ ...def, innerType: strict(def.innerType as z.ZodType) } as never) as unknown as I;
  return input;
}

/**
 * Declares a channel: `channel<Output>()(inputSchema, { access, readOnly })`.
 * The output type is given explicitly (the application layer must return it), the input by its zod schema.
 */
export const channel =
  <O>() =>
  <I extends z.ZodType>(input: I, opts: { access?: Access; readOnly?: boolean } = {}): Channel<I, O> => ({
    input: strict(input),
    access: opts.access ?? 'staff',
    readOnly: opts.readOnly ?? false,
  });
