// A typed error for unreadable or invalid instance/solution input. It carries where the
// problem is (file, line when the format is line-based, field) so that the CLI can print
// one line `FILE:LINE: FIELD: message` and callers can branch on it without parsing text.

export class ParseError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string;
  readonly detail: string;

  constructor(file: string, line: number | undefined, field: string, detail: string) {
    super(formatLocation(file, line, field, detail));
    this.name = 'ParseError';
    this.file = file;
    this.line = line;
    this.field = field;
    this.detail = detail;
  }
}

function formatLocation(file: string, line: number | undefined, field: string, detail: string): string {
  return `${file}${line === undefined ? '' : `:${line}`}: ${field}: ${detail}`;
}

export function isParseError(err: unknown): err is ParseError {
  return err instanceof ParseError;
}
