// Edits of a pipeline as pure functions: each returns a new, validated pipeline or throws a
// PipelineError saying why the edit would make it invalid. The store records them for undo.

import { defaultParams, getOp, parsePipeline, PipelineError, type Pipeline, type Step } from '../pipeline/index.js';
import { movedMembers, remapGroups } from '../pipeline/groups.js';
import { movedIndex } from './groupEdits.js';

/** Re-validates through the same parser that reads files, so the editor can never hold a pipeline that import would refuse. */
function validated(pipeline: Pipeline, steps: Step[], patch: Partial<Pipeline> = {}): Pipeline {
  const doc: Partial<Pipeline> = { ...pipeline, ...patch, steps };
  if (doc.groups?.length === 0) delete doc.groups;
  return parsePipeline(JSON.parse(JSON.stringify(doc)));
}

/**
 * The groups after steps moved (`where`: a step's new index or null): each group keeps its steps.
 * An edit that would split a group's steps apart is refused, saying which group.
 */
function movedGroups(pipeline: Pipeline, stepCount: number, where: (old: number) => number | null, joins: { step: number; like: number }[] = []): Partial<Pipeline> {
  if (!pipeline.groups?.length) return {};
  const { groups, broken } = remapGroups(pipeline.groups, stepCount, (g) => {
    const list = movedMembers(g, where);
    for (const j of joins) if (j.like >= g.first && j.like < g.first + g.count) list.push(j.step);
    return list;
  });
  if (broken.length) {
    throw new PipelineError([{ path: `groups[${broken[0]}]`, message: 'a group holds consecutive steps: move the step out of the group first, or past the whole group' }]);
  }
  return { groups };
}

function requireStep(pipeline: Pipeline, index: number): Step {
  const step = pipeline.steps[index];
  if (!step) throw new PipelineError([{ path: `steps[${index}]`, message: 'there is no such step' }]);
  return step;
}

/**
 * A new step of `opName` with its defaults. Steps that need pixel values go before the first step
 * that leaves the pixel range (rescale, normalise), so adding never makes the pipeline invalid.
 */
export function addStep(pipeline: Pipeline, opName: string): { pipeline: Pipeline; index: number } {
  const op = getOp(opName);
  if (!op) throw new PipelineError([{ path: 'op', message: `unknown op "${opName}"` }]);
  const step: Step = { op: op.name, stage: op.stage, p: op.defaultP, enabled: true, params: defaultParams(op.params) };
  let index = pipeline.steps.length;
  if (op.domain === 'pixel' || op.stage === 'augment') {
    const firstLeaver = pipeline.steps.findIndex((s) => getOp(s.op)?.leavesPixelRange);
    if (firstLeaver >= 0) index = firstLeaver;
  }
  const steps = [...pipeline.steps];
  steps.splice(index, 0, step);
  return { pipeline: validated(pipeline, steps, movedGroups(pipeline, steps.length, (i) => (i < index ? i : i + 1))), index };
}

export function removeStep(pipeline: Pipeline, index: number): Pipeline {
  requireStep(pipeline, index);
  const steps = pipeline.steps.filter((_, i) => i !== index);
  return validated(pipeline, steps, movedGroups(pipeline, steps.length, (i) => (i === index ? null : i < index ? i : i - 1)));
}

export function duplicateStep(pipeline: Pipeline, index: number): Pipeline {
  const step = requireStep(pipeline, index);
  const steps = [...pipeline.steps];
  steps.splice(index + 1, 0, structuredClone(step));
  // The copy joins the groups of its original.
  return validated(pipeline, steps, movedGroups(pipeline, steps.length, (i) => (i <= index ? i : i + 1), [{ step: index + 1, like: index }]));
}

/** Moves a step from one position to another; refused (with the reason) if the order would be invalid. */
export function moveStep(pipeline: Pipeline, from: number, to: number): Pipeline {
  requireStep(pipeline, from);
  if (to < 0 || to >= pipeline.steps.length || to === from) return pipeline;
  // One place up or down onto a group the step is not in: past the whole group (Move up/down).
  if (Math.abs(to - from) === 1) {
    const outer = (pipeline.groups ?? [])
      .filter((g) => to >= g.first && to < g.first + g.count && !(from >= g.first && from < g.first + g.count))
      .sort((a, b) => b.count - a.count)[0];
    if (outer) to = to > from ? outer.first + outer.count - 1 : outer.first;
  }
  const steps = [...pipeline.steps];
  const [step] = steps.splice(from, 1);
  steps.splice(to, 0, step!);
  return validated(pipeline, steps, movedGroups(pipeline, steps.length, movedIndex(from, to)));
}

export function setEnabled(pipeline: Pipeline, index: number, enabled: boolean): Pipeline {
  const step = requireStep(pipeline, index);
  return validated(pipeline, pipeline.steps.map((s, i) => (i === index ? { ...step, enabled } : s)));
}

export function setProbability(pipeline: Pipeline, index: number, p: number): Pipeline {
  const step = requireStep(pipeline, index);
  return validated(pipeline, pipeline.steps.map((s, i) => (i === index ? { ...step, p } : s)));
}

export function setParams(pipeline: Pipeline, index: number, params: Record<string, unknown>): Pipeline {
  const step = requireStep(pipeline, index);
  return validated(pipeline, pipeline.steps.map((s, i) => (i === index ? { ...step, params: { ...step.params, ...params } as Step['params'] } : s)));
}

export function setSeed(pipeline: Pipeline, seed: number): Pipeline {
  return validated(pipeline, pipeline.steps, { seed });
}
