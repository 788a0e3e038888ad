// Edits of a pipeline's groups as pure functions (as pipelineEdits.ts for steps): each returns a
// new, validated pipeline or throws a PipelineError saying why.

import { groupChildren, movedMembers, remapGroups, type Group, type GroupKind } from '../pipeline/groups.js';
import { parsePipeline, PipelineError, type Pipeline } from '../pipeline/index.js';

function validated(pipeline: Pipeline, groups: Group[], steps = pipeline.steps): Pipeline {
  const doc: Partial<Pipeline> = { ...pipeline, steps, groups };
  if (groups.length === 0) delete doc.groups;
  return parsePipeline(JSON.parse(JSON.stringify(doc)));
}

function requireGroup(pipeline: Pipeline, index: number): Group {
  const group = pipeline.groups?.[index];
  if (!group) throw new PipelineError([{ path: `groups[${index}]`, message: 'there is no such group' }]);
  return group;
}

/** Where step `i` goes when the step at `from` moves to `to`. */
export function movedIndex(from: number, to: number): (i: number) => number {
  return (i) => (i === from ? to : from < to ? (i > from && i <= to ? i - 1 : i) : i >= to && i < from ? i + 1 : i);
}

/** Puts steps first..first+count-1 in a new group of `kind`. */
export function groupSteps(pipeline: Pipeline, first: number, count: number, kind: GroupKind): Pipeline {
  const group: Group = { kind, first, count, p: 1, enabled: true };
  if (kind === 'someOf') Object.assign(group, { n: [1, 1], keepOrder: true });
  return validated(pipeline, [...(pipeline.groups ?? []), group]);
}

/** Removes a group; its steps stay where they are. */
export function ungroup(pipeline: Pipeline, index: number): Pipeline {
  requireGroup(pipeline, index);
  return validated(pipeline, pipeline.groups!.filter((_, i) => i !== index));
}

export type GroupPatch = Partial<Pick<Group, 'kind' | 'p' | 'enabled' | 'weights' | 'n' | 'keepOrder'>>;

/** Changes a group's kind or settings; a new kind drops the fields of the old one. */
export function setGroup(pipeline: Pipeline, index: number, patch: GroupPatch): Pipeline {
  const old = requireGroup(pipeline, index);
  let next: Group = { ...old, ...patch };
  if (patch.kind && patch.kind !== old.kind) {
    next = { kind: patch.kind, first: old.first, count: old.count, p: next.p, enabled: next.enabled };
    if (patch.kind === 'someOf') Object.assign(next, { n: [1, 1], keepOrder: true });
  }
  return validated(pipeline, pipeline.groups!.map((g, i) => (i === index ? next : g)));
}

/** How many children a group has (steps and groups directly in it). */
export function childCount(pipeline: Pipeline, index: number): number {
  return groupChildren(pipeline.groups ?? [], pipeline.steps.length).get(index)?.length ?? 0;
}

const inside = (inner: Group, outer: Group) => inner.first >= outer.first && inner.first + inner.count <= outer.first + outer.count;

/** Moves a step into a group: it becomes the group's first step (from before) or last (from after). */
export function moveIntoGroup(pipeline: Pipeline, step: number, index: number): Pipeline {
  const g = requireGroup(pipeline, index);
  if (step >= g.first && step < g.first + g.count) return pipeline;
  if (!pipeline.steps[step]) throw new PipelineError([{ path: `steps[${step}]`, message: 'there is no such step' }]);
  const to = step < g.first ? g.first - 1 : g.first + g.count;
  return regroup(pipeline, step, to, (h, i, members) => (i === index ? [...members, to] : members));
}

/** Moves a step out of the group it is in (and the groups inside it): it goes just after the group. */
export function moveOutOfGroup(pipeline: Pipeline, step: number, index: number): Pipeline {
  const g = requireGroup(pipeline, index);
  if (step < g.first || step >= g.first + g.count) return pipeline;
  const to = g.first + g.count - 1;
  const where = movedIndex(step, to);
  return regroup(pipeline, step, to, (h, _i, members) => (inside(h, g) && step >= h.first && step < h.first + h.count ? members.filter((m) => m !== where(step)) : members));
}

function regroup(pipeline: Pipeline, from: number, to: number, adjust: (g: Group, i: number, members: number[]) => number[]): Pipeline {
  const steps = [...pipeline.steps];
  const [moved] = steps.splice(from, 1);
  steps.splice(to, 0, moved!);
  const where = movedIndex(from, to);
  const { groups, broken } = remapGroups(pipeline.groups ?? [], steps.length, (g, i) => adjust(g, i, movedMembers(g, where)));
  if (broken.length) {
    throw new PipelineError([{ path: `groups[${broken[0]}]`, message: 'a group holds consecutive steps: move the step out of the group first, or past the whole group' }]);
  }
  return validated(pipeline, groups, steps);
}

const holds = (g: Group, s: number) => s >= g.first && s < g.first + g.count;

/**
 * A step dropped on another (drag and drop): it leaves the groups the target is not in, joins the
 * groups the target is in, then takes the target's place among its new siblings.
 */
export function dropStep(pipeline: Pipeline, from: number, onto: number): Pipeline {
  let p = pipeline;
  let a = from;
  let b = onto;
  const outermost = (pick: (g: Group) => boolean) =>
    (p.groups ?? [])
      .map((g, i) => [g, i] as const)
      .filter(([g]) => pick(g))
      .sort((x, y) => y[0].count - x[0].count)[0];
  const out = outermost((g) => holds(g, a) && !holds(g, b));
  if (out) {
    const to = out[0].first + out[0].count - 1;
    b = movedIndex(a, to)(b);
    p = moveOutOfGroup(p, a, out[1]);
    a = to;
  }
  for (let guard = p.groups?.length ?? 0; guard > 0; guard--) {
    const into = outermost((g) => holds(g, b) && !holds(g, a));
    if (!into) break;
    const to = a < into[0].first ? into[0].first - 1 : into[0].first + into[0].count;
    b = movedIndex(a, to)(b);
    p = moveIntoGroup(p, a, into[1]);
    a = to;
  }
  if (a === b) return p;
  const steps = [...p.steps];
  const [moved] = steps.splice(a, 1);
  steps.splice(b, 0, moved!);
  const where = movedIndex(a, b);
  const { groups, broken } = remapGroups(p.groups ?? [], steps.length, (g) => movedMembers(g, where));
  if (broken.length) throw new PipelineError([{ path: `groups[${broken[0]}]`, message: 'a group holds consecutive steps: move the step out of the group first, or past the whole group' }]);
  return validated(p, groups, steps);
}
