import { writeFile } from 'node:fs/promises';
import { writeSupergraph } from '@ent/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeFor, nextReload, postGraphQL, type Stack, startStack } from './fixtures.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const WITH_LABEL = '{ item(id: "7") { id name label } }';

describe('hot reload of the supergraph', () => {
  it('serves a field added by a new subgraph without restart, while concurrent requests all succeed', async () => {
    const before = await postGraphQL(stack.url, { query: WITH_LABEL });
    expect(before.status).toBe(400);
    expect(before.body.errors?.[0]?.message).toBe('Le champ « label » n’existe pas sur le type « Item ».');

    // Eight clients query without pause until each has seen 20 answers after the reload; the cap only
    // guards against a reload that never comes.
    const failures: string[] = [];
    let completed = 0;
    let reloaded = false;
    let startedReload: () => void = () => undefined;
    const warmedUp = new Promise<void>((resolve) => {
      startedReload = resolve;
    });
    const client = async () => {
      let afterReload = 0;
      for (let i = 0; i < 20_000 && afterReload < 20; i++) {
        const sawReload = reloaded;
        const { status, body } = await postGraphQL(stack.url, { query: '{ item(id: "7") { id name } }' });
        if (status !== 200 || body.errors || (body.data?.['item'] as { name?: string })?.name !== 'Cahier 7')
          failures.push(`${status} ${JSON.stringify(body)}`);
        completed++;
        if (completed === 40) startedReload();
        if (sawReload) afterReload++;
      }
      return afterReload;
    };
    const clients = Array.from({ length: 8 }, client);

    await warmedUp;
    const updated = nextReload(stack.router, 'updated');
    await writeSupergraph(composeFor([stack.alpha, stack.beta]), stack.supergraphPath);
    await updated;
    reloaded = true;
    const afterCounts = await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(afterCounts.every((count) => count === 20)).toBe(true);
    expect(completed).toBeGreaterThan(40 + 8 * 20 - 1);

    const after = await postGraphQL(stack.url, { query: WITH_LABEL });
    expect(after.body).toEqual({ data: { item: { id: '7', name: 'Cahier 7', label: 'Étiquette 7' } } });
    expect(stack.beta.calls.length).toBeGreaterThan(0);
  });

  it('ignores a supergraph that does not parse, and one that is not a supergraph, keeping the current one', async () => {
    const broken = nextReload(stack.router, 'invalid');
    await writeFile(stack.supergraphPath, 'schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: ');
    expect((await broken).status).toBe('invalid');
    expect((await postGraphQL(stack.url, { query: WITH_LABEL })).body.data).toEqual({
      item: { id: '7', name: 'Cahier 7', label: 'Étiquette 7' },
    });

    const notSupergraph = nextReload(stack.router, 'invalid');
    await writeSupergraph('type Query { hello: String }\n', stack.supergraphPath);
    await notSupergraph;
    expect((await postGraphQL(stack.url, { query: WITH_LABEL })).status).toBe(200);

    const ready = await fetch(`${stack.url}/ready`);
    expect(ready.status).toBe(200);
  });

  it('takes a valid supergraph again after an invalid one (here: back to the first subgraph alone)', async () => {
    const updated = nextReload(stack.router, 'updated');
    await writeFile(stack.supergraphPath, composeFor([stack.alpha]));
    await updated;
    const { status, body } = await postGraphQL(stack.url, { query: WITH_LABEL });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('reloads on demand and reports an unchanged file', async () => {
    expect(await stack.router.reloadSupergraph()).toEqual({ status: 'unchanged' });
  });
});
