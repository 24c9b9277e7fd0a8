// The `relais` command line. Each command lives in its own module under ./commands
// and registers itself on the program; this file only wires them together.
import { Command, CommanderError } from 'commander';
import * as checkCommand from './commands/check.js';
import * as keysCommand from './commands/keys.js';
import * as migrateCommand from './commands/migrate.js';
import * as serveCommand from './commands/serve.js';
import * as simulateCommand from './commands/simulate.js';
import * as solveCommand from './commands/solve.js';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('relais').description('Relais: last-mile delivery platform and routing engine').version('0.1.0');
  program.exitOverride();
  // Command modules (one line each; keep alphabetical).
  const modules: Array<{ register(p: Command): void }> = [checkCommand, keysCommand, migrateCommand, serveCommand, simulateCommand, solveCommand];
  for (const m of modules) m.register(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; usage errors exit 2 with commander's own message already printed.
      process.exit(err.exitCode === 0 ? 0 : 2);
    }
    throw err;
  }
}
