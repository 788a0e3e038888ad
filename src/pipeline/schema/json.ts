// Turns whatever a caller hands to parsePipeline into plain JSON data, or a PipelineError naming
// the path: only own enumerable properties count, and cycles, BigInt, functions, non-finite
// numbers, getters that throw, deep nesting and oversized documents are refused here, so that
// the validator behind it only ever sees small, plain JSON.

import { echo, keyText, PipelineError } from './errors.js';

/** Deepest nesting a pipeline file may have (a real one needs 5: steps[i].params.x[j]). */
export const MAX_DEPTH = 32;
/** Most values (numbers, strings, lists, objects...) in one file; a real pipeline has a few thousand at most. */
export const MAX_VALUES = 20_000;

function fail(path: string, message: string): never {
  throw new PipelineError([{ path, message }]);
}

/**
 * Refuses JSON text nested deeper than MAX_DEPTH or holding more than MAX_VALUES values before
 * JSON.parse builds it (5 million nested lists take JSON.parse over a second): one pass over the
 * characters, strings skipped. Text it lets through is parsed and checked again by plainJson.
 */
export function precheckJsonText(text: string): void {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > MAX_DEPTH) fail('', `nested more than ${MAX_DEPTH} levels deep (at character ${i}): a pipeline file is far flatter`);
      values++;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
    else if (ch === 0x2c && ++values > MAX_VALUES) fail('', `more than ${MAX_VALUES} values: a pipeline file is far smaller; is this the right file?`);
  }
}

/** A copy of `value` as plain JSON data (own properties only), or a PipelineError naming the path. */
export function plainJson(value: unknown): unknown {
  let budget = MAX_VALUES;
  const ancestors = new Set<object>();
  const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : keyText(key).startsWith('[') ? `${path}${keyText(key)}` : path ? `${path}.${key}` : key);

  const copy = (v: unknown, path: string, depth: number): unknown => {
    if (--budget < 0) fail('', `more than ${MAX_VALUES} values: a pipeline file is far smaller; is this the right file?`);
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (!Number.isFinite(v)) fail(path, `expected a JSON number, got ${v}`);
        return v;
      case 'bigint':
        fail(path, `expected a JSON number, got the BigInt ${echo(v)}`);
      // falls through (fail never returns)
      case 'undefined':
      case 'symbol':
      case 'function':
        fail(path, `expected a JSON value, got ${typeof v === 'undefined' ? 'nothing' : `a ${typeof v}`}`);
    }
    if (v === null) return null;
    const obj = v as object;
    if (depth >= MAX_DEPTH) fail(path, `nested more than ${MAX_DEPTH} levels deep: a pipeline file is far flatter`);
    if (ancestors.has(obj)) fail(path, 'refers back to itself (a cycle): a pipeline must be plain JSON data');
    ancestors.add(obj);
    let out: unknown;
    if (Array.isArray(obj)) {
      const length = obj.length;
      if (length > budget) fail(path, `more than ${MAX_VALUES} values: a pipeline file is far smaller; is this the right file?`);
      const list: unknown[] = new Array<unknown>(length);
      for (let i = 0; i < length; i++) list[i] = copy(read(obj, i, path), at(path, i), depth + 1);
      out = list;
    } else {
      const rec: Record<string, unknown> = {};
      let keys: string[];
      try {
        keys = Object.keys(obj);
      } catch (e) {
        fail(path, `could not be read (${echo(e instanceof Error ? e.message : e)})`);
      }
      if (keys.length > budget) fail(path, `more than ${MAX_VALUES} values: a pipeline file is far smaller; is this the right file?`);
      for (const key of keys) {
        const item = read(obj, key, path);
        // An absent value and an undefined one are the same to JSON.stringify: the field is not there.
        if (item === undefined) continue;
        Object.defineProperty(rec, key, { value: copy(item, at(path, key), depth + 1), enumerable: true, writable: true, configurable: true });
      }
      out = rec;
    }
    ancestors.delete(obj);
    return out;
  };

  const read = (obj: object, key: string | number, path: string): unknown => {
    try {
      return (obj as Record<string | number, unknown>)[key];
    } catch (e) {
      return fail(at(path, key), `could not be read (${echo(e instanceof Error ? e.message : e)})`);
    }
  };

  try {
    return copy(value, '', 0);
  } catch (e) {
    if (e instanceof PipelineError) throw e;
    // A Proxy or exotic object that throws from a trap we did not wrap, or the stack running out.
    return fail('', `could not be read as JSON data (${echo(e instanceof Error ? e.message : e)})`);
  }
}
