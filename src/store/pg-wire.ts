// The few PostgreSQL wire-protocol messages that pglite-prepared.ts exchanges with PGlite, written
// and read here on Node Buffers with plain offsets. PGlite's own reader (behind execProtocol and
// execProtocolStream) cost more JS time per statement than the statement's run in WASM: its
// classes keep #private fields (compiled to WeakMap lookups on every int and string read) and
// copy a fresh ArrayBuffer for every field. Only what a prepared statement's reply can hold is
// read: ParameterDescription, RowDescription, DataRow, CommandComplete and ErrorResponse; every
// other message (ParseComplete, BindComplete, NoData, NoticeResponse, ReadyForQuery...) is skipped.
import { messages, type Results } from '@electric-sql/pglite';

export type Parsers = Record<number, (value: string, typeId: number) => unknown>;
export interface Field {
  name: string;
  dataTypeID: number;
}

const ERROR = 0x45; // 'E'
const ROW_DESCRIPTION = 0x54; // 'T'
const DATA_ROW = 0x44; // 'D'
const COMMAND_COMPLETE = 0x43; // 'C'
const PARAMETER_DESCRIPTION = 0x74; // 't'
const AFFECTING = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);
// Describe (portal ''), Execute (portal '', no row limit), Sync: the same bytes after every Bind.
const DESCRIBE_EXECUTE_SYNC = Buffer.from([0x44, 0, 0, 0, 6, 0x50, 0, 0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x53, 0, 0, 0, 4]);
const KEPT_BYTES = 1 << 20; // a reply buffer grown past this by one large result is let go afterwards

/**
 * Bind (unnamed portal, the named statement, text parameters as PGlite's serializers make them,
 * text results), then Describe + Execute + Sync: one statement's run as one message.
 */
export function bindDescribeExecuteSync(statement: string, values: ReadonlyArray<string | null>): Buffer {
  let size = 4 + Buffer.byteLength(statement) + 2 + 2 + 2 + 2; // length, portal '' and statement (NUL-ended), 3 counts
  for (const v of values) size += 4 + (v === null ? 0 : Buffer.byteLength(v));
  const out = Buffer.allocUnsafe(1 + size + DESCRIBE_EXECUTE_SYNC.length);
  out[0] = 0x42; // 'B'
  out.writeInt32BE(size, 1);
  let o = 5;
  out[o++] = 0; // portal ''
  o += out.write(statement, o);
  out[o++] = 0;
  o = out.writeUInt16BE(0, o); // parameter formats: all text
  o = out.writeUInt16BE(values.length, o);
  for (const v of values) {
    if (v === null) {
      o = out.writeInt32BE(-1, o);
    } else {
      const n = out.write(v, o + 4);
      out.writeInt32BE(n, o);
      o += 4 + n;
    }
  }
  o = out.writeUInt16BE(0, o); // result formats: all text
  DESCRIBE_EXECUTE_SYNC.copy(out, o);
  return out;
}

/**
 * One call's reply. PGlite hands a reply over in chunks that are views into WASM memory, so they
 * are copied into one reusable buffer; it is read once the call has returned (the reply is then
 * complete: Sync ends every message this module sends).
 */
export class Reply {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private end = 0;

  /** Starts a new reply (the callback below then appends to it). */
  reset(): void {
    if (this.buf.length > KEPT_BYTES) this.buf = Buffer.allocUnsafe(64 * 1024);
    this.end = 0;
  }

  readonly append = (bytes: Uint8Array): void => {
    const need = this.end + bytes.length;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.end);
      this.buf = grown;
    }
    this.buf.set(bytes, this.end);
    this.end = need;
  };

  /** The reply's first ErrorResponse, as the DatabaseError PGlite's own reader would have made of it. */
  firstError(): InstanceType<typeof messages.DatabaseError> | undefined {
    const b = this.buf;
    for (let o = 0; o < this.end; o += 1 + b.readInt32BE(o + 1)) {
      if (b[o] === ERROR) return readError(b, o + 5, b.readInt32BE(o + 1));
    }
    return undefined;
  }

  /** The parameter types of the first ParameterDescription (a Parse + Describe statement's reply). */
  paramTypes(): number[] {
    const b = this.buf;
    for (let o = 0; o < this.end; o += 1 + b.readInt32BE(o + 1)) {
      if (b[o] !== PARAMETER_DESCRIPTION) continue;
      const n = b.readInt16BE(o + 5);
      const types = new Array<number>(n);
      for (let i = 0; i < n; i++) types[i] = b.readInt32BE(o + 7 + 4 * i);
      return types;
    }
    return [];
  }

  /**
   * The first command's result, as PGlite's parseResults()[0] gives it: rows (objects, or arrays
   * with rowMode 'array') whose values went through the parser for their column's type (the
   * query's own parsers first), fields, and the affected-row count of a data-changing command.
   * Unlike parseResults it makes no per-call copy of the whole parser table (drizzle passes a few
   * parsers with every query; PGlite merges them into a copy of its hundreds of entries each time).
   */
  firstResult<T>(parsers: Parsers, own: Parsers | undefined, asArray: boolean): Results<T> {
    const b = this.buf;
    let fields: Field[] = [];
    let columnParsers: Array<Parsers[number] | undefined> = [];
    let plainNames = true; // no column is named __proto__, so rows can be built by assignment
    const rows: unknown[] = [];
    for (let o = 0; o < this.end; ) {
      const code = b[o]!;
      const next = o + 1 + b.readInt32BE(o + 1);
      if (code === DATA_ROW) {
        rows.push(readRow(b, o + 5, fields, columnParsers, asArray, plainNames));
      } else if (code === ROW_DESCRIPTION) {
        fields = readFields(b, o + 5);
        columnParsers = fields.map((f) => own?.[f.dataTypeID] ?? parsers[f.dataTypeID]);
        plainNames = !fields.some((f) => f.name === '__proto__');
      } else if (code === COMMAND_COMPLETE) {
        const words = b.toString('utf8', o + 5, next - 1).split(' ');
        const command = words[0]!;
        const count = parseInt(words[words.length - 1]!, 10);
        const result: Results<T> & { command?: string; rowCount?: number } = { rows: rows as T[], fields, affectedRows: AFFECTING.has(command) ? count : 0, command };
        if (!Number.isNaN(count)) result.rowCount = count;
        return result;
      }
      o = next;
    }
    return { affectedRows: 0, rows: [], fields: [] };
  }
}

function readFields(b: Buffer, o: number): Field[] {
  const n = b.readInt16BE(o);
  o += 2;
  const fields = new Array<Field>(n);
  for (let i = 0; i < n; i++) {
    const nul = b.indexOf(0, o);
    // name, then table OID (4), column number (2), type OID (4), type size (2), modifier (4), format (2)
    fields[i] = { name: b.toString('utf8', o, nul), dataTypeID: b.readInt32BE(nul + 7) };
    o = nul + 19;
  }
  return fields;
}

function readRow(b: Buffer, o: number, fields: Field[], columnParsers: Array<Parsers[number] | undefined>, asArray: boolean, plainNames: boolean): unknown {
  const n = b.readInt16BE(o);
  o += 2;
  const values = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const len = b.readInt32BE(o);
    o += 4;
    if (len < 0) {
      values[i] = null;
      continue;
    }
    const text = b.toString('utf8', o, o + len);
    o += len;
    const parse = columnParsers[i];
    values[i] = parse ? parse(text, fields[i]!.dataTypeID) : text;
  }
  if (asArray) return values;
  if (!plainNames) return Object.fromEntries(fields.map((f, i) => [f.name, values[i]]));
  const row: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) row[fields[i]!.name] = values[i];
  return row;
}

// ErrorResponse field codes, by the DatabaseError property PGlite (and node-postgres) fill from them.
const ERROR_FIELDS: Record<string, string> = {
  S: 'severity', C: 'code', D: 'detail', H: 'hint', P: 'position', p: 'internalPosition', q: 'internalQuery', W: 'where',
  s: 'schema', t: 'table', c: 'column', d: 'dataType', n: 'constraint', F: 'file', L: 'line', R: 'routine',
};

function readError(b: Buffer, o: number, length: number): InstanceType<typeof messages.DatabaseError> {
  const end = o - 4 + length;
  const found: Record<string, string> = {};
  while (o < end && b[o] !== 0) {
    const nul = b.indexOf(0, o + 1);
    found[String.fromCharCode(b[o]!)] = b.toString('utf8', o + 1, nul);
    o = nul + 1;
  }
  const err = new messages.DatabaseError(found.M!, length, 'error');
  for (const [key, prop] of Object.entries(ERROR_FIELDS)) (err as unknown as Record<string, string | undefined>)[prop] = found[key];
  return err;
}
