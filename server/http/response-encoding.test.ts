import Fastify from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtResponse, createResponseSerializerCompiler } from './response-encoding.js';

const itemSchema = z.object({ id: z.string(), count: z.number().int() });

async function appAnswering(check: boolean, answer: unknown) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializerCompiler({ check }));
  app.get('/built', { schema: { response: { 200: builtResponse(z.object({ items: z.array(itemSchema) })) } } }, () => ({
    items: [answer as z.infer<typeof itemSchema>],
  }));
  app.get('/encoded', { schema: { response: { 200: z.object({ items: z.array(itemSchema) }) } } }, () => ({
    items: [answer as z.infer<typeof itemSchema>],
  }));
  await app.ready();
  return app;
}

describe('response encoding', () => {
  it('sends a built answer as it is, the same bytes the schema would encode', async () => {
    for (const check of [false, true]) {
      const app = await appAnswering(check, { id: 'a', count: 2 });
      const built = await app.inject({ method: 'GET', url: '/built' });
      const encoded = await app.inject({ method: 'GET', url: '/encoded' });
      expect(built.statusCode).toBe(200);
      expect(built.body).toBe('{"items":[{"id":"a","count":2}]}');
      expect(built.body).toBe(encoded.body);
      await app.close();
    }
  });

  it('fails a built answer that differs from its schema when checking (the test suites)', async () => {
    const app = await appAnswering(true, { id: 'a', count: 2, secret: 'x' });
    const extraField = await app.inject({ method: 'GET', url: '/built' });
    expect(extraField.statusCode).toBe(500);
    expect(extraField.body).not.toContain('"secret":"x"');
    await app.close();

    const wrongValue = await appAnswering(true, { id: 'a', count: 2.5 });
    expect((await wrongValue.inject({ method: 'GET', url: '/built' })).statusCode).toBe(500);
    await wrongValue.close();
  });

  it('still encodes (checks and strips) the answers of routes not marked as built', async () => {
    const app = await appAnswering(false, { id: 'a', count: 2, secret: 'x' });
    const encoded = await app.inject({ method: 'GET', url: '/encoded' });
    expect(encoded.body).toBe('{"items":[{"id":"a","count":2}]}');
    // Unchecked, a built answer goes out as the route built it: hence "built field by field".
    expect((await app.inject({ method: 'GET', url: '/built' })).body).toContain('"secret":"x"');
    await app.close();
  });
});
