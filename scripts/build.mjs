// Transpiles src/ and bench/ to dist/ file by file (no bundling), so that
// worker threads and the `relais` bin run plain JS. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readdirSync, statSync, cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const roots = ['src', 'bench'].filter((d) => existsSync(d));
// dist/src and dist/bench are overwritten in place rather than wiped first, so that a build
// never pulls files from under a process (a test, a worker) that is running from dist.
await build({
  entryPoints: roots.flatMap((r) => walk(r)),
  outdir: 'dist',
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// Non-TS assets (SQL migrations, static web files) travel with the JS.
for (const asset of ['src/store/migrations']) {
  if (existsSync(asset)) cpSync(asset, join('dist', asset), { recursive: true });
}
// The web console and tracking page (Vite) into dist/web.
await import('./build-web.mjs');
