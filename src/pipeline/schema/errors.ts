// Errors that name the field and say what was expected.

export interface Issue {
  /** Where in the JSON: "steps[2].params.degrees", or "" for the whole document. */
  path: string;
  message: string;
}

export class PipelineError extends Error {
  readonly issues: Issue[];

  constructor(issues: Issue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n'));
    this.name = 'PipelineError';
    this.issues = issues;
  }
}

export function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out;
}
