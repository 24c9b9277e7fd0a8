// The static weather provider: lookup order per hub and UTC hour, validation naming the path.
import { describe, expect, it } from 'vitest';
import { staticWeatherProvider, validateStaticWeatherConfig, UNKNOWN_WEATHER } from '../../src/domain/weather.js';

const at = (hour: number) => Date.UTC(2026, 10, 27, hour, 30) / 1000;

describe('static weather provider', () => {
  const provider = staticWeatherProvider({
    default: { windMps: 2 },
    hours: { '14': { windMps: 8, windFromDeg: 270 } },
    hubs: { hub_a: { default: { windMps: 4, precipitation: true }, hours: { '9': { windMps: 1, temperatureC: -3 } } }, hub_b: { hours: { '9': { windMps: 6 } } } },
  });

  it('looks up hub hour, then hub default, then global hour, then global default', async () => {
    expect(await provider.conditionsAt('hub_a', at(9))).toEqual({ windMps: 1, temperatureC: -3 });
    expect(await provider.conditionsAt('hub_a', at(14))).toEqual({ windMps: 4, precipitation: true });
    expect(await provider.conditionsAt('hub_b', at(9))).toEqual({ windMps: 6 });
    expect(await provider.conditionsAt('hub_b', at(14))).toEqual({ windMps: 8, windFromDeg: 270 });
    expect(await provider.conditionsAt('hub_z', at(3))).toEqual({ windMps: 2 });
  });

  it('knows nothing without a default (null), and the unattached provider knows nothing', async () => {
    expect(await staticWeatherProvider({ hours: { '1': { windMps: 1 } } }).conditionsAt('hub_a', at(2))).toBeNull();
    expect(await UNKNOWN_WEATHER.conditionsAt('hub_a', at(2))).toBeNull();
  });

  it('validation names the failing path', () => {
    expect(validateStaticWeatherConfig({ default: { windMps: 2 } })).toEqual([]);
    expect(validateStaticWeatherConfig({ hours: { '25': { windMps: 1 } } })[0]!.path).toBe('weather.hours.25');
    expect(validateStaticWeatherConfig({ hubs: { hub_a: { default: { windMps: -1 } } } })[0]!.path).toBe('weather.hubs.hub_a.default.windMps');
    expect(validateStaticWeatherConfig({ default: { windMps: 1, rain: true } })[0]!.path).toBe('weather.default.rain');
    expect(() => staticWeatherProvider({ default: { windMps: Number.NaN } })).toThrow(/windMps/);
  });
});
