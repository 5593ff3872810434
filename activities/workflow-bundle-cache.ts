import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';

const ROOT = path.resolve(__dirname, '..');
// Workflow code may import only these (lint enforces it), so they decide what the bundle contains.
const SOURCES = ['workflows', 'lib/contracts'];

/**
 * A workflow bundle kept on disk, keyed by a hash of the workflow sources and the SDK version. Bundling
 * takes seconds; a worker restarted after a crash should be polling again as soon as it can, so it reuses
 * the bundle its predecessor built when nothing changed. Written under a temporary name and renamed, so a
 * worker never reads half a bundle.
 */
export async function cachedWorkflowBundle(cacheDir: string, build: () => Promise<WorkflowBundleWithSourceMap>): Promise<WorkflowBundleWithSourceMap> {
  const file = path.join(cacheDir, `workflows-${sourceHash()}.js`);
  try {
    return { code: readFileSync(file, 'utf8'), sourceMap: readFileSync(`${file}.map`, 'utf8') };
  } catch {
    const bundle = await build();
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(`${tmp}.map`, bundle.sourceMap);
    renameSync(`${tmp}.map`, `${file}.map`);
    writeFileSync(tmp, bundle.code);
    renameSync(tmp, file);
    return bundle;
  }
}

function sourceHash(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(require.resolve('@temporalio/workflow/package.json')));
  for (const dir of SOURCES) for (const file of filesUnder(path.join(ROOT, dir))) hash.update(`${path.relative(ROOT, file)}\0`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
    });
}
