#!/usr/bin/env node
// The CLI runs from the JS that `npm install` builds (scripts/build.mjs, run by `prepare`).
import { main } from '../dist/src/cli/index.js';
main(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
