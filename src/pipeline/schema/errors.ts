// Errors that name the field and say what was expected. Whatever the input, a message stays short:
// echoed values are cut at ECHO_MAX characters, and one error shows at most MAX_ISSUES issues.

export interface Issue {
  /** Where in the JSON: "steps[2].params.degrees", or "" for the whole document. */
  path: string;
  message: string;
}

/** Longest echo of an input value (or key) in a message, before the ellipsis. */
export const ECHO_MAX = 80;
/** Issues one error lists; the rest are counted. */
export const MAX_ISSUES = 20;
/** Longest message of one issue (path included). */
export const MAX_ISSUE_CHARS = 600;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * JSON-like text of a value, at most `max` characters then an ellipsis. Stops writing as soon as
 * it has enough, so a 10 MB value costs no more than a short one; never throws (cycles, BigInt,
 * getters that throw are shown as what they are).
 */
export function echo(value: unknown, max = ECHO_MAX): string {
  let out = '';
  const seen: unknown[] = [];
  const write = (v: unknown, depth: number): void => {
    if (out.length > max) return;
    if (typeof v === 'string') {
      out += JSON.stringify(v.length > max ? v.slice(0, max + 1) : v);
    } else if (typeof v === 'number' || typeof v === 'boolean' || v === null) {
      out += String(v);
    } else if (v === undefined) {
      out += 'nothing';
    } else if (typeof v === 'bigint') {
      out += `${cut(v.toString(), max)}n`;
    } else if (typeof v === 'symbol' || typeof v === 'function') {
      out += `a ${typeof v}`;
    } else if (seen.includes(v) || depth > 8) {
      out += '…';
    } else {
      seen.push(v);
      try {
        if (Array.isArray(v)) {
          out += '[';
          for (let i = 0; i < v.length && out.length <= max; i++) {
            if (i) out += ',';
            write(v[i], depth + 1);
          }
          out += ']';
        } else {
          out += '{';
          let first = true;
          for (const k of Object.keys(v as object)) {
            if (out.length > max) break;
            if (!first) out += ',';
            first = false;
            out += `${JSON.stringify(k.length > max ? k.slice(0, max + 1) : k)}:`;
            write((v as Record<string, unknown>)[k], depth + 1);
          }
          out += '}';
        }
      } catch {
        out += '(unreadable)';
      }
      seen.pop();
    }
  };
  write(value, 0);
  return cut(out, max);
}

/** A key as it appears in a path: plain names as they are, anything else quoted and cut. */
export function keyText(key: string): string {
  return /^[A-Za-z_$][\w$]{0,79}$/.test(key) ? key : `[${echo(key)}]`;
}

export class PipelineError extends Error {
  readonly issues: Issue[];

  constructor(issues: Issue[]) {
    const shown = issues.slice(0, MAX_ISSUES).map((i) => ({ path: cut(i.path, 200), message: cut(i.message, MAX_ISSUE_CHARS) }));
    const lines = shown.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    if (issues.length > MAX_ISSUES) lines.push(`… and ${issues.length - MAX_ISSUES} more issue${issues.length - MAX_ISSUES > 1 ? 's' : ''}`);
    super(lines.join('\n'));
    this.name = 'PipelineError';
    this.issues = shown;
  }
}

export function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else {
      const key = keyText(String(s));
      out += key.startsWith('[') ? key : out ? `.${key}` : key;
    }
  }
  return out;
}
