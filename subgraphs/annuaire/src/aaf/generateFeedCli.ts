import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateFeed } from './generateFeed.js';

/**
 * node dist/aaf/generateFeedCli.js RÉPERTOIRE [--people 300000] [--seed aaf-92]: writes a generated
 * département feed (benchmarks, demos). Prints what it wrote as JSON.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { people: { type: 'string' }, seed: { type: 'string' }, 'records-per-part': { type: 'string' } },
  });
  const directory = positionals[0];
  if (!directory) {
    process.stderr.write('Usage : generateFeedCli.js RÉPERTOIRE [--people N] [--seed S] [--records-per-part N]\n');
    return 64;
  }
  mkdirSync(resolve(directory), { recursive: true });
  const feed = await generateFeed({
    directory: resolve(directory),
    people: Number(values.people ?? 300_000),
    seed: values.seed,
    recordsPerPart: values['records-per-part'] ? Number(values['records-per-part']) : undefined,
  });
  process.stdout.write(`${JSON.stringify({ ...feed, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
