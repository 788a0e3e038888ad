// Migrations between pipeline versions: one function per step up, applied in order. Version 1 is
// the first published version, so the list is empty; version 2 adds `1: (v1) => v2` here, with a
// fixture of a v1 file in schema/fixtures/ and a test that it loads.

type Doc = Record<string, unknown>;

export const MIGRATIONS: Record<number, (doc: Doc) => Doc> = {};

/** Brings a document of `version` up to the current version, one step at a time. */
export function migrate(doc: Doc, version: number): Doc {
  let out = doc;
  for (let v = version; MIGRATIONS[v]; v++) out = { ...MIGRATIONS[v]!(out), version: v + 1 };
  return out;
}
