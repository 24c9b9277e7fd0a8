// The weather envelope of a drone type: may it fly at all in these conditions?
// (Wind is also applied leg by leg in sortie.ts; this is the go/no-go check eligibility needs first.)

import type { DroneSpec } from './spec.js';

export interface Weather {
  /** Sustained wind, m/s. */
  windMps: number;
  /** Gusts, m/s; checked against the same limit when given. */
  gustMps?: number;
  temperatureC?: number;
  /** Any precipitation (rain, drizzle, snow). */
  precipitation?: boolean;
}

export type WeatherBlock = 'wind_above_limit' | 'gust_above_limit' | 'rain_not_allowed' | 'too_cold' | 'too_hot';

/** Every reason the weather forbids flying (empty = the envelope allows it). Unknown quantities are not held against the flight. */
export function weatherBlocks(spec: DroneSpec, weather: Weather): WeatherBlock[] {
  const blocks: WeatherBlock[] = [];
  if (weather.windMps > spec.maxWindMps) blocks.push('wind_above_limit');
  if (weather.gustMps !== undefined && weather.gustMps > spec.maxWindMps) blocks.push('gust_above_limit');
  if (weather.precipitation === true && !spec.rainAllowed) blocks.push('rain_not_allowed');
  if (weather.temperatureC !== undefined && weather.temperatureC < spec.temperatureRangeC.min) blocks.push('too_cold');
  if (weather.temperatureC !== undefined && weather.temperatureC > spec.temperatureRangeC.max) blocks.push('too_hot');
  return blocks;
}
