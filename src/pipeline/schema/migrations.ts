// Migrations between pipeline versions: one function per step up, applied in order. Each never
// fails on a file its version accepts (migrations.test.ts checks that every step has tests).

type Doc = Record<string, unknown>;

export const MIGRATIONS: Record<number, (doc: Doc) => Doc> = {
  // Version 2 adds groups of steps (optional). A version-1 file is a version-2 file without groups:
  // its steps keep their indices, so every step keeps its random stream and its output bytes.
  // (A version-1 file that has a `groups` field was invalid in version 1, and the parser says so.)
  1: (doc) => ({ ...doc }),
};

/** Brings a document of `version` up to the current version, one step at a time. */
export function migrate(doc: Doc, version: number): Doc {
  let out = doc;
  for (let v = version; MIGRATIONS[v]; v++) out = { ...MIGRATIONS[v]!(out), version: v + 1 };
  return out;
}
