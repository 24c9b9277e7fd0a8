// Regenerates the two generated files under scenarios/: lyon-demo.json (the demo city, from
// src/demo via demo.ts) and scenario.schema.json (the JSON Schema of the format, from schema.ts).
//   npm run build && node dist/src/sim/scenario/write-files.js
// test/sim/scenario.test.ts fails when either file is out of date.
import { writeFileSync } from 'node:fs';
import { demoScenario } from './demo.js';
import { Scenario } from './schema.js';

writeFileSync('scenarios/lyon-demo.json', `${JSON.stringify({ $schema: './scenario.schema.json', ...demoScenario() }, null, 2)}\n`);
writeFileSync('scenarios/scenario.schema.json', `${JSON.stringify({ $id: 'https://relais.dev/schemas/scenario.json', title: 'Relais city scenario', ...Scenario }, null, 2)}\n`);
console.log('wrote scenarios/lyon-demo.json and scenarios/scenario.schema.json');
