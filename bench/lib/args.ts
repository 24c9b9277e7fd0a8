// Command-line options shared by the routing benchmarks (plain parsing: no dependency needed).
export interface BenchArgs {
  instances?: string[];
  set?: string;
  timeFactor?: number;
  timeLimit?: number;
  threads: number;
  seed: number;
  data?: string;
  quick: boolean;
  csv?: string;
}

const USAGE = `options: [--instances a,b,c] [--set NAME] [--time-factor F] [--time-limit S] [--threads N] [--seed N] [--data DIR] [--quick] [--csv FILE]`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { threads: 1, seed: 1, quick: false };
  const value = (i: number, name: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
    return v;
  };
  const positive = (v: string, name: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--instances':
        args.instances = value(i++, a).split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--set':
        args.set = value(i++, a);
        break;
      case '--time-factor':
        args.timeFactor = positive(value(i++, a), a);
        break;
      case '--time-limit':
        args.timeLimit = positive(value(i++, a), a);
        break;
      case '--threads':
        args.threads = Math.floor(positive(value(i++, a), a));
        break;
      case '--seed':
        args.seed = Math.floor(Number(value(i++, a)));
        if (!Number.isInteger(args.seed) || args.seed < 0) throw new Error(`--seed must be a non-negative whole number`);
        break;
      case '--data':
        args.data = value(i++, a);
        break;
      case '--csv':
        args.csv = value(i++, a);
        break;
      case '--quick':
        args.quick = true;
        break;
      default:
        throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  return args;
}
