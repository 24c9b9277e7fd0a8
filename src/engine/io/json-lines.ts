// Finds the line of a field inside a JSON text, so that errors about parsed JSON can still say
// `FILE:LINE: FIELD: message`. Only used on the error path; the text is known to be valid JSON.

/** Path segments of "jobs[3].time_windows[0]" → ['jobs', 3, 'time_windows', 0]. */
export function parsePath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/**
 * Line of the deepest existing prefix of `path` (so a missing field points at its object),
 * or undefined when not even the first segment exists.
 */
export function lineOfField(text: string, path: string): number | undefined {
  const segments = parsePath(path);
  for (let k = segments.length; k > 0; k--) {
    const prefix = segments.slice(0, k).map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
    const line = lineOfPath(text, prefix);
    if (line !== undefined) return line;
  }
  return undefined;
}

/** 1-based line where the member/element named by `path` starts, or undefined if absent. */
export function lineOfPath(text: string, path: string): number | undefined {
  const target = parsePath(path);
  let pos = 0;
  const ws = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const lineAt = (p: number) => {
    let line = 1;
    for (let i = 0; i < p; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  };
  const skipString = () => {
    const start = pos;
    pos++; // opening quote
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  // Skip one value; descend when it lies on the target path. Returns the found line or undefined.
  const value = (depth: number): number | undefined => {
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      for (;;) {
        ws();
        if (pos >= text.length) return undefined;
        if (text[pos] === '}') {
          pos++;
          return undefined;
        }
        const keyPos = pos;
        const key = skipString();
        ws();
        pos++; // colon
        if (depth < target.length && target[depth] === key) {
          if (depth === target.length - 1) return lineAt(keyPos);
          const found = value(depth + 1);
          if (found !== undefined) return found;
        } else skip();
        ws();
        if (text[pos] === ',') pos++;
      }
    }
    if (c === '[') {
      pos++;
      for (let index = 0; ; index++) {
        ws();
        if (pos >= text.length) return undefined;
        if (text[pos] === ']') {
          pos++;
          return undefined;
        }
        if (depth < target.length && target[depth] === index) {
          ws();
          if (depth === target.length - 1) return lineAt(pos);
          const found = value(depth + 1);
          if (found !== undefined) return found;
        } else skip();
        ws();
        if (text[pos] === ',') pos++;
      }
    }
    skip();
    return undefined;
  };
  // Skip any value without looking for the target.
  const skip = (): void => {
    ws();
    const c = text[pos];
    if (c === '"') {
      skipString();
      return;
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      pos++;
      for (;;) {
        ws();
        if (pos >= text.length) return;
        if (text[pos] === close) {
          pos++;
          return;
        }
        if (c === '{') {
          skipString();
          ws();
          pos++;
        }
        skip();
        ws();
        if (text[pos] === ',') pos++;
      }
    }
    while (pos < text.length && !/[\s,\]}]/.test(text[pos]!)) pos++;
  };
  try {
    return target.length === 0 ? undefined : value(0);
  } catch {
    return undefined;
  }
}
