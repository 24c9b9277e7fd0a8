// Builds the operator console and the tracking page (web/, Vite) into dist/web, which the
// API serves. Called by scripts/build.mjs (so `npm install`, `npm run build` and `npm test`
// build it) and by `npm run build:web`. Without Vite installed (a production install
// without dev dependencies) it says so and skips: the API then answers the web routes
// with 503 web_not_built.
let vite;
try {
  vite = await import('vite');
} catch {
  console.warn('build-web: vite is not installed; skipping the web console build (dist/web)');
}
if (vite) {
  await vite.build({ configFile: new URL('../web/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
