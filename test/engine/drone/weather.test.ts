import { describe, expect, it } from 'vitest';
import { MK30_LIKE, WING_LIKE } from '../../../src/engine/drone/presets.js';
import { weatherBlocks } from '../../../src/engine/drone/weather.js';

describe('weatherBlocks', () => {
  it('allows fair weather and names each violated limit', () => {
    expect(weatherBlocks(WING_LIKE, { windMps: 5, temperatureC: 20, precipitation: false })).toEqual([]);
    expect(weatherBlocks(WING_LIKE, { windMps: 13, gustMps: 18, temperatureC: -5, precipitation: true })).toEqual([
      'wind_above_limit',
      'gust_above_limit',
      'rain_not_allowed',
      'too_cold',
    ]);
    expect(weatherBlocks(WING_LIKE, { windMps: 3, temperatureC: 41 })).toEqual(['too_hot']);
  });

  it('rain is fine for a rain-rated type', () => {
    expect(weatherBlocks(MK30_LIKE, { windMps: 3, precipitation: true, temperatureC: -5 })).toEqual([]);
  });
});
