// Weather at a hub at a time, behind a provider interface. Only the `static` provider exists:
// configured conditions per hub and per UTC hour of the day, used by tests and the demo. A live
// HTTP forecast adapter can implement the same interface later (not built).
//
// The provider is attached to a DomainContext (setWeatherProvider) rather than stored in it, so the
// shared context type does not change. With no provider attached the weather is unknown, and drone
// eligibility refuses to fly ('weather_unknown') rather than assume calm air.
import type { DomainContext } from './context.js';

export interface WeatherConditions {
  /** Sustained wind, m/s. */
  windMps: number;
  /** Where the wind blows FROM, degrees clockwise from north; absent = unknown (eligibility then assumes the worst direction). */
  windFromDeg?: number;
  gustMps?: number;
  /** Any precipitation (rain, drizzle, snow). */
  precipitation?: boolean;
  temperatureC?: number;
}

export interface WeatherProvider {
  readonly name: string;
  /** Conditions at the hub at epoch second `atS`, or null when the provider does not know. */
  conditionsAt(hubId: string, atS: number): Promise<WeatherConditions | null>;
}

/** Per-hour overrides (keys '0'..'23', UTC) on top of a default. */
export interface WeatherSchedule {
  default?: WeatherConditions;
  hours?: Record<string, WeatherConditions>;
}

/** Lookup order: hub hour, hub default, global hour, global default; none = unknown. */
export interface StaticWeatherConfig extends WeatherSchedule {
  hubs?: Record<string, WeatherSchedule>;
}

export interface WeatherConfigProblem {
  path: string;
  message: string;
}

function conditionProblems(v: unknown, path: string): WeatherConfigProblem[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [{ path, message: `${path} must be an object with windMps` }];
  const c = v as Record<string, unknown>;
  const out: WeatherConfigProblem[] = [];
  const num = (k: string, min: number, max: number, required: boolean) => {
    const x = c[k];
    if (x === undefined && !required) return;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max) out.push({ path: `${path}.${k}`, message: `${path}.${k} must be a number in [${min}, ${max}]` });
  };
  num('windMps', 0, 100, true);
  num('windFromDeg', 0, 360, false);
  num('gustMps', 0, 150, false);
  num('temperatureC', -90, 70, false);
  if (c.precipitation !== undefined && typeof c.precipitation !== 'boolean') out.push({ path: `${path}.precipitation`, message: `${path}.precipitation must be true or false` });
  for (const k of Object.keys(c)) {
    if (!['windMps', 'windFromDeg', 'gustMps', 'precipitation', 'temperatureC'].includes(k)) out.push({ path: `${path}.${k}`, message: `${path}.${k} is not a weather field` });
  }
  return out;
}

function scheduleProblems(v: unknown, path: string): WeatherConfigProblem[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [{ path, message: `${path} must be an object` }];
  const s = v as Record<string, unknown>;
  const out: WeatherConfigProblem[] = [];
  if (s.default !== undefined) out.push(...conditionProblems(s.default, `${path}.default`));
  if (s.hours !== undefined) {
    if (typeof s.hours !== 'object' || s.hours === null) out.push({ path: `${path}.hours`, message: `${path}.hours must map UTC hours 0..23 to conditions` });
    else {
      for (const [h, c] of Object.entries(s.hours)) {
        if (!/^(\d|1\d|2[0-3])$/.test(h)) out.push({ path: `${path}.hours.${h}`, message: `${path}.hours keys must be UTC hours 0..23, got ${h}` });
        else out.push(...conditionProblems(c, `${path}.hours.${h}`));
      }
    }
  }
  return out;
}

/** Every problem of a static weather configuration (empty = valid), each naming its path. */
export function validateStaticWeatherConfig(input: unknown): WeatherConfigProblem[] {
  const out = scheduleProblems(input, 'weather');
  if (out.length === 0 && typeof input === 'object' && input !== null) {
    const hubs = (input as StaticWeatherConfig).hubs;
    if (hubs !== undefined) {
      if (typeof hubs !== 'object' || hubs === null) out.push({ path: 'weather.hubs', message: 'weather.hubs must map hub ids to schedules' });
      else for (const [id, s] of Object.entries(hubs)) out.push(...scheduleProblems(s, `weather.hubs.${id}`));
    }
  }
  return out;
}

function fromSchedule(s: WeatherSchedule | undefined, hour: number): WeatherConditions | undefined {
  return s?.hours?.[String(hour)] ?? s?.default;
}

/** The `static` provider: fixed conditions per hub and UTC hour. Throws on an invalid configuration. */
export function staticWeatherProvider(config: StaticWeatherConfig): WeatherProvider {
  const problems = validateStaticWeatherConfig(config);
  if (problems.length) throw new Error(`invalid static weather: ${problems.map((p) => p.message).join('; ')}`);
  return {
    name: 'static',
    async conditionsAt(hubId, atS) {
      const hour = Math.floor((((atS % 86_400) + 86_400) % 86_400) / 3600);
      return fromSchedule(config.hubs?.[hubId], hour) ?? fromSchedule(config, hour) ?? null;
    },
  };
}

/** The provider used when none is attached: knows nothing. */
export const UNKNOWN_WEATHER: WeatherProvider = { name: 'none', conditionsAt: async () => null };

const providers = new WeakMap<DomainContext, WeatherProvider>();

export function setWeatherProvider(ctx: DomainContext, provider: WeatherProvider): void {
  providers.set(ctx, provider);
}

export function weatherProviderOf(ctx: DomainContext): WeatherProvider {
  return providers.get(ctx) ?? UNKNOWN_WEATHER;
}
