// Drawing a no-fly zone on the map: "Draw no-fly zone" starts, each click adds a corner,
// "Save zone" (3 corners or more) asks for a name and creates it through the airspace API
// (POST of a GeoJSON Feature); Escape or "Cancel" abandons the drawing.
import L from 'leaflet';
import { h } from '../shared/format.js';

export interface ZoneDrawOptions {
  map: L.Map;
  /** Creates the zone on the server; resolves when done, rejects with a readable message. */
  save: (name: string, ring: Array<[number, number]>) => Promise<void>;
  announce: (msg: string, kind?: 'ok' | 'error') => void;
}

export function installZoneDrawing({ map, save, announce }: ZoneDrawOptions): HTMLElement {
  let points: L.LatLng[] = [];
  let sketch: L.Polygon | null = null;
  const start = h('button', { type: 'button', 'data-action': 'draw-zone' }, 'Draw no-fly zone');
  const name = h('input', { id: 'zone-name', name: 'zoneName', type: 'text', maxlength: 200, required: true, placeholder: 'e.g. Stadium event' });
  const finish = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Save zone');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const hint = h('p', { class: 'help', 'aria-live': 'polite' });
  const form = h('form', { class: 'zone-form', hidden: true, 'aria-label': 'New no-fly zone' }, h('label', { for: 'zone-name' }, 'Zone name'), name, hint, h('div', { class: 'actions' }, finish, cancel));
  const box = h('div', { class: 'zone-tool' }, start, form);

  const redraw = () => {
    sketch?.remove();
    sketch = points.length ? L.polygon(points, { color: '#cf222e', weight: 2, dashArray: '4 4', fillOpacity: 0.1, interactive: false }).addTo(map) : null;
    finish.disabled = points.length < 3;
    hint.textContent = `${points.length} corner${points.length === 1 ? '' : 's'}; click the map to add corners (3 or more).`;
  };
  const onClick = (ev: L.LeafletMouseEvent) => {
    points.push(ev.latlng);
    redraw();
  };
  const stop = () => {
    map.off('click', onClick);
    map.getContainer().classList.remove('drawing');
    points = [];
    redraw();
    form.hidden = true;
    start.hidden = false;
  };
  start.addEventListener('click', () => {
    start.hidden = true;
    form.hidden = false;
    map.getContainer().classList.add('drawing');
    map.on('click', onClick);
    redraw();
    name.focus();
  });
  cancel.addEventListener('click', stop);
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') stop();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (points.length < 3 || !name.value.trim()) {
      announce('A zone needs a name and at least 3 corners.', 'error');
      return;
    }
    finish.disabled = true;
    try {
      await save(name.value.trim(), points.map((p) => [p.lng, p.lat]));
      announce(`No-fly zone “${name.value.trim()}” created.`);
      name.value = '';
      stop();
    } catch (e) {
      announce(`Cannot create the zone: ${(e as Error).message}`, 'error');
      finish.disabled = false;
    }
  });
  return box;
}
