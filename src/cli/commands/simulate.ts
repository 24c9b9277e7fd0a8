// `relais simulate --scenario FILE [--hours H] [--speed X | --as-fast-as-possible] [--seed N]
// [--report DIR] [--database URL]`: plays a city scenario through the domain in simulated time
// and writes a KPI report (Markdown, HTML, SVG charts, kpis.json). Exit codes: 0 done, 2 bad
// input (options or scenario file, nothing run), 1 the run failed.
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { computeKpis } from '../../sim/kpi.js';
import { writeReport } from '../../sim/report/write.js';
import { runScenario } from '../../sim/run.js';
import { SeedRefusedError } from '../../sim/seed.js';
import { loadScenarioFile, ScenarioError } from '../../sim/scenario/validate.js';
import type { SimRecord } from '../../sim/recorder.js';

interface SimulateOptions {
  scenario: string;
  hours: string;
  speed?: string;
  asFastAsPossible?: boolean;
  seed?: string;
  report: string;
  database?: string;
}

class OptionError extends Error {}

function positive(name: string, v: string, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new OptionError(`--${name} must be a number in (0, ${max}], got ${JSON.stringify(v)}`);
  return n;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('simulate a city (orders, dispatch, vans and drones, suppliers) in simulated time and write a KPI report')
    .requiredOption('--scenario <file>', 'scenario JSON file (see scenarios/README.md), e.g. scenarios/lyon-demo.json')
    .option('--hours <h>', 'simulated hours to play', '24')
    .option('--speed <x>', 'simulated seconds per real second (e.g. 60 = one simulated minute per second)')
    .option('--as-fast-as-possible', 'no pacing (the default when --speed is not given)')
    .option('--seed <n>', 'random seed for demand and outcomes (default: the scenario\'s seed)')
    .option('--report <dir>', 'folder for report.md, report.html, charts/ and kpis.json', 'sim-report')
    .option('--database <url>', 'PostgreSQL URL of an EMPTY database (default: PGlite in memory)')
    .action(async (opts: SimulateOptions) => {
      let hours: number;
      let speed = Infinity;
      let seed: number | undefined;
      try {
        hours = positive('hours', opts.hours, 24 * 31);
        if (opts.speed !== undefined && opts.asFastAsPossible) throw new OptionError('give either --speed or --as-fast-as-possible, not both');
        if (opts.speed !== undefined) speed = positive('speed', opts.speed, 1e9);
        if (opts.seed !== undefined) {
          seed = Number(opts.seed);
          if (!Number.isInteger(seed) || Math.abs(seed) > 2 ** 31) throw new OptionError(`--seed must be an integer, got ${JSON.stringify(opts.seed)}`);
        }
        if (opts.database !== undefined && !/^postgres(ql)?:\/\//.test(opts.database)) throw new OptionError('--database must be a postgres:// URL');
      } catch (err) {
        if (err instanceof OptionError) {
          process.stderr.write(`relais simulate: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
      let loaded;
      try {
        loaded = loadScenarioFile(opts.scenario);
      } catch (err) {
        if (err instanceof ScenarioError) {
          process.stderr.write(`relais simulate: invalid scenario ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
      const progress = progressReporter(Math.floor(Date.parse(loaded.scenario.start) / 1000), hours);
      let stop = false;
      const onSigint = () => {
        stop = true;
      };
      process.once('SIGINT', onSigint);
      try {
        const result = await runScenario(loaded, {
          hours, speed, ...(seed !== undefined ? { seed } : {}),
          ...(opts.database ? { store: { kind: 'postgres' as const, url: opts.database } } : {}),
          onProgress: progress.update,
          stopRequested: () => stop,
        });
        progress.stop();
        const kpis = computeKpis(result.record);
        const written = writeReport(opts.report, {
          scenario: loaded.scenario.name, seed: seed ?? loaded.scenario.seed, hours, kpis, record: result.record, zones: loaded.zones,
          wallMs: result.wallMs, database: opts.database ? 'PostgreSQL' : 'PGlite in memory',
        });
        const m = kpis.byMode;
        process.stdout.write(
          [
            `${loaded.scenario.name}: ${kpis.simulatedHours} simulated hours in ${(result.wallMs / 1000).toFixed(1)} s${stop ? ' (stopped early)' : ''}`,
            `orders placed ${kpis.placed}, delivered ${kpis.delivered} (van ${m.van.delivered}, drone ${m.drone.delivered}), given up ${kpis.failed}, open ${kpis.open}; refused at intake ${Object.values(kpis.refused).reduce((s, n) => s + n, 0)} (stock-outs ${kpis.stockOuts})`,
            `on time ${kpis.onTimePct ?? '–'} %, promise to delivery mean ${kpis.promiseToDeliveryMin.mean ?? '–'} min, p95 ${kpis.promiseToDeliveryMin.p95 ?? '–'} min`,
            `report: ${written.files.find((f) => f.endsWith('report.html'))}`,
            '',
          ].join('\n'),
        );
        if (!kpis.consistent) {
          process.stderr.write('relais simulate: the database order states disagree with the simulation record (see the report)\n');
          process.exitCode = 1;
        }
      } catch (err) {
        progress.stop();
        if (err instanceof SeedRefusedError) {
          process.stderr.write(`relais simulate: ${err.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw err;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
}

/** A bar over simulated time on a terminal; elsewhere a plain line every simulated 6 hours. */
function progressReporter(startS: number, hours: number): { update: (simS: number, r: SimRecord) => void; stop: () => void } {
  const total = Math.round(hours * 3600);
  const clock = (s: number) => new Date(s * 1000).toISOString().slice(5, 16).replace('T', ' ');
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'simulating |{bar}| {percentage}% | {clock} UTC | placed {placed} delivered {delivered}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { clock: clock(startS), placed: 0, delivered: 0 });
    return {
      update: (s, r) => bar.update(Math.min(total, s - startS), { clock: clock(s), placed: r.placed.length, delivered: r.deliveries.length }),
      stop: () => bar.stop(),
    };
  }
  let next = 0;
  return {
    update: (s, r) => {
      if (s - startS < next) return;
      next = s - startS + 6 * 3600;
      process.stderr.write(`simulating: ${clock(s)} UTC, placed ${r.placed.length}, delivered ${r.deliveries.length}\n`);
    },
    stop: () => {},
  };
}
