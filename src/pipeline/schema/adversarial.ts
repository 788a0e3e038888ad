// Hostile pipeline files of up to 10 MB, each a case parsePipeline must judge quickly and answer
// with a short PipelineError (issue 10, defects 5 and 6). Used by parse.fuzz.test.ts (outcome) and
// bench/pipeline-limits.ts (time).

const head = '{"format":"augplay.pipeline","version":1,';
const MB = 1 << 20;

function nested(depth: number, leaf = '1'): string {
  return '['.repeat(depth) + leaf + ']'.repeat(depth);
}

/** [name, JSON text] pairs; every one is at most 10 MB. */
export function adversarialInputs(): [string, string][] {
  const longName = 'x'.repeat(300_000);
  return [
    ['unknown op of 300,000 characters', `${head}"steps":[{"op":"${longName}"}]}`],
    ['10,000 steps with 100-character unknown names', `${head}"steps":[${Array.from({ length: 10_000 }, (_, i) => `{"op":"${String(i).padStart(100, 'q')}"}`).join(',')}]}`],
    ['256 steps with 100-character unknown names', `${head}"steps":[${Array.from({ length: 256 }, (_, i) => `{"op":"${String(i).padStart(100, 'q')}"}`).join(',')}]}`],
    ['a key of 1,000,000 characters', `${head}"steps":[],"${'k'.repeat(1_000_000)}":1}`],
    ['seed nested 4,100 levels', `${head}"steps":[],"seed":${nested(4100)}}`],
    ['format nested 4,100 levels', `{"format":${nested(4100, '"augplay.pipeline"')},"version":1,"steps":[]}`],
    ['op nested 4,100 levels', `${head}"steps":[{"op":${nested(4100, '"flip"')}}]}`],
    ['a step nested 4,100 levels', `${head}"steps":[${nested(4100, '{"op":"flip"}')}]}`],
    ['10 MB of nesting', nested(5 * MB - 1)],
    ['a 10 MB seed array', `${head}"steps":[],"seed":[${Array.from({ length: 2_600_000 }, () => '1').join(',')}]}`],
    ['a 10 MB name', `${head}"steps":[],"name":"${'n'.repeat(10 * MB - 100)}"}`],
    ['700,000 flip steps', `${head}"steps":[${Array.from({ length: 700_000 }, () => '{"op":"flip"}').join(',')}]}`],
    ['100,000 unknown parameters', `${head}"steps":[{"op":"flip","params":{${Array.from({ length: 99_000 }, (_, i) => `"p${i}":${i}`).join(',')}}}]}`],
    ['256 steps with 300 unknown parameters each', `${head}"steps":[${Array.from({ length: 256 }, () => `{"op":"rotate","params":{${Array.from({ length: 300 }, (_, i) => `"k${i}":0`).join(',')}}}`).join(',')}]}`],
    ['a 10 MB unknown op name', `${head}"steps":[{"op":"${'r'.repeat(10 * MB - 100)}"}]}`],
  ];
}
