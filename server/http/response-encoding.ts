/**
 * How responses become JSON. Every route's response schema (zod, from contracts/) documents the
 * answer in the OpenAPI description and, by default, is applied to the data on the way out
 * (fastify-type-provider-zod's serializer: encode, which checks and strips, then `JSON.stringify`).
 *
 * Encoding costs: a page of 50 tickets took ≈ 2.7 ms of server CPU to encode against 0.5 ms to
 * stringify (docs/PERFORMANCE.md). A route whose answer is built field by field by code typed
 * against the contract (no spread of database rows, no transforms in the schema) marks its schema
 * with `builtResponse`: it is sent with `JSON.stringify` alone. The schema stays the documentation,
 * and with `check` on (the test suites) every such answer is still encoded and compared: a
 * difference — a field the schema does not have, a value it refuses — fails the request as an
 * unchecked answer would.
 */
import { ResponseSerializationError, serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

const builtResponses = new WeakSet<object>();

/** Marks a response schema whose data the route builds exactly to it (see above). */
export function builtResponse<Schema extends z.ZodType>(schema: Schema): Schema {
  builtResponses.add(schema);
  return schema;
}

export function createResponseSerializerCompiler(options: { check: boolean }): typeof serializerCompiler {
  return (route) => {
    const checked = serializerCompiler(route);
    if (!builtResponses.has(route.schema)) return checked;
    if (!options.check) return (data) => JSON.stringify(data);
    return (data) => {
      const encoded = checked(data);
      const sent = JSON.stringify(data);
      if (sent !== encoded) {
        throw new ResponseSerializationError(route.method, route.url, {
          cause: new z.ZodError([
            {
              code: 'custom',
              path: [],
              message: `The answer differs from its schema's encoding: ${sent.slice(0, 200)} ≠ ${encoded.slice(0, 200)}`,
              input: data,
            },
          ]),
        });
      }
      return sent;
    };
  };
}
