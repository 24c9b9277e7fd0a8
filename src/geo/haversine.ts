// Great-circle distance on a spherical Earth (mean radius), the metric for [lon, lat] coordinates.
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/** Metres between two points given as longitude/latitude degrees. */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}
