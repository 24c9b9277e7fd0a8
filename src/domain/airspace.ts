// No-fly zones: operators create, replace and delete them as GeoJSON; every input goes through the
// engine's parser (parseNoFlyZones), whose problems become a 400 naming the path. Stored zones feed
// drone eligibility, quotes and flight plans; they list back as a FeatureCollection for the console.
import { type NoFlyZone, parseNoFlyZones, type ZoneProblem } from '../geo/zones.js';
import type { NoFlyZoneRow } from '../store/index.js';
import { actorLabel, type Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError, notFound } from './errors.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(problems: ZoneProblem[]): DomainError {
  const first = problems[0]!;
  return new DomainError('invalid_geojson', `invalid no-fly zone GeoJSON at ${first.path || '(root)'}: ${first.message}`, { path: first.path, problems });
}

/** The server names zones: each feature gets a fresh `nfz_…` id (an id sent by the client is ignored). */
function withServerIds(ctx: DomainContext, input: unknown): unknown {
  const assign = (f: unknown) => {
    if (!isObject(f)) return f;
    const props = isObject(f.properties) ? f.properties : {};
    return { ...f, id: undefined, properties: { ...props, id: ctx.ids.next('nfz') } };
  };
  if (isObject(input) && input.type === 'FeatureCollection' && Array.isArray(input.features)) return { ...input, features: input.features.map(assign) };
  if (isObject(input) && input.type === 'Feature') return assign(input);
  return input;
}

function parseOrThrow(input: unknown): NoFlyZone[] {
  const parsed = parseNoFlyZones(input);
  if (!parsed.ok) throw invalid(parsed.problems);
  return parsed.zones;
}

/** Creates the zones of a Feature or FeatureCollection, all or none. */
export async function createZones(ctx: DomainContext, actor: Actor, geojson: unknown): Promise<NoFlyZoneRow[]> {
  const zones = parseOrThrow(withServerIds(ctx, geojson));
  if (zones.length === 0) throw new DomainError('invalid_geojson', 'the FeatureCollection holds no zone', { path: 'features' });
  const now = nowS(ctx);
  const rows: NoFlyZoneRow[] = zones.map((z) => ({ id: z.id, name: z.name, kind: z.kind, zone: z, createdAt: now, updatedAt: now }));
  await ctx.store.transaction(async (tx) => {
    await tx.noFlyZones.insert(rows);
    for (const r of rows) {
      await tx.audit.append({ id: ctx.ids.next('aud'), at: now, actor: actorLabel(actor), action: 'zone.create', entityType: 'no_fly_zone', entityId: r.id, details: { name: r.name, kind: r.kind } });
    }
  });
  return rows;
}

export async function listZones(ctx: DomainContext): Promise<NoFlyZoneRow[]> {
  return ctx.store.repos.noFlyZones.all();
}

export async function getZone(ctx: DomainContext, id: string): Promise<NoFlyZoneRow> {
  const row = await ctx.store.repos.noFlyZones.get(id);
  if (!row) throw notFound('no-fly zone', id);
  return row;
}

/** Replaces a zone's geometry and properties with one GeoJSON Feature; the id stays. */
export async function replaceZone(ctx: DomainContext, actor: Actor, id: string, feature: unknown): Promise<NoFlyZoneRow> {
  if (!isObject(feature) || feature.type !== 'Feature') {
    throw invalid([{ path: '', code: 'not_geojson', message: 'expected one GeoJSON Feature' }]);
  }
  const props = isObject(feature.properties) ? feature.properties : {};
  const [zone] = parseOrThrow({ ...feature, id: undefined, properties: { ...props, id } });
  const now = nowS(ctx);
  return ctx.store.transaction(async (tx) => {
    const existing = await tx.noFlyZones.get(id);
    if (!existing) throw notFound('no-fly zone', id);
    await tx.noFlyZones.replace(id, { name: zone!.name, kind: zone!.kind, zone: zone!, updatedAt: now });
    await tx.audit.append({ id: ctx.ids.next('aud'), at: now, actor: actorLabel(actor), action: 'zone.replace', entityType: 'no_fly_zone', entityId: id, details: { name: zone!.name } });
    return { ...existing, name: zone!.name, kind: zone!.kind, zone: zone!, updatedAt: now };
  });
}

export async function deleteZone(ctx: DomainContext, actor: Actor, id: string): Promise<void> {
  const now = nowS(ctx);
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.noFlyZones.delete(id))) throw notFound('no-fly zone', id);
    await tx.audit.append({ id: ctx.ids.next('aud'), at: now, actor: actorLabel(actor), action: 'zone.delete', entityType: 'no_fly_zone', entityId: id, details: null });
  });
}

const isoOf = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

/** A stored zone as a GeoJSON Feature that parseNoFlyZones reads back to the same zone. */
export function zoneFeature(row: NoFlyZoneRow) {
  const z = row.zone as NoFlyZone;
  return {
    type: 'Feature' as const,
    id: z.id,
    geometry: z.polygons.length === 1 ? { type: 'Polygon' as const, coordinates: z.polygons[0]! } : { type: 'MultiPolygon' as const, coordinates: z.polygons },
    properties: {
      id: z.id,
      name: z.name,
      kind: z.kind,
      bufferM: z.bufferM,
      ...(z.altitude ? { minAltitudeM: z.altitude.minM, maxAltitudeM: z.altitude.maxM } : {}),
      ...(z.active?.from !== undefined ? { activeFrom: isoOf(z.active.from) } : {}),
      ...(z.active?.to !== undefined ? { activeTo: isoOf(z.active.to) } : {}),
      createdAt: isoOf(row.createdAt),
      updatedAt: isoOf(row.updatedAt),
    },
  };
}

export function zonesFeatureCollection(rows: readonly NoFlyZoneRow[]) {
  return { type: 'FeatureCollection' as const, features: rows.map(zoneFeature) };
}
