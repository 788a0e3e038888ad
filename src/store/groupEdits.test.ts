// Group edits keep every group on its own steps, and refuse edits that would split a group.
import { describe, expect, it } from 'vitest';
import { pipelineOf } from '../pipeline/testing.js';
import { dropStep, groupSteps, moveIntoGroup, moveOutOfGroup, setGroup, ungroup } from './groupEdits.js';
import { duplicateStep, moveStep, removeStep } from './pipelineEdits.js';

const steps = ['flip', 'rotate', 'brightness', 'contrast', 'invert'].map((op) => ({ op }));
const ops = (p: { steps: { op: string }[] }) => p.steps.map((s) => s.op);

describe('group edits', () => {
  it('groups steps, changes the kind, ungroups', () => {
    const a = groupSteps(pipelineOf(steps), 1, 2, 'oneOf');
    expect(a.groups).toEqual([{ kind: 'oneOf', first: 1, count: 2, p: 1, enabled: true }]);
    const b = setGroup(a, 0, { kind: 'someOf' });
    expect(b.groups![0]).toMatchObject({ kind: 'someOf', n: [1, 1], keepOrder: true });
    expect(ungroup(b, 0).groups).toBeUndefined();
  });

  it('moves a step into a group from either side, and out of it to just after it', () => {
    const a = groupSteps(pipelineOf(steps), 1, 2, 'oneOf');
    const fromAfter = moveIntoGroup(a, 4, 0);
    expect(ops(fromAfter)).toEqual(['flip', 'rotate', 'brightness', 'invert', 'contrast']);
    expect(fromAfter.groups![0]).toMatchObject({ first: 1, count: 3 });
    const fromBefore = moveIntoGroup(a, 0, 0);
    expect(fromBefore.groups![0]).toMatchObject({ first: 0, count: 3 });
    const out = moveOutOfGroup(fromAfter, 1, 0);
    expect(ops(out)).toEqual(['flip', 'brightness', 'invert', 'rotate', 'contrast']);
    expect(out.groups![0]).toMatchObject({ first: 1, count: 2 });
  });

  it('keeps groups on their steps when steps are removed, duplicated or moved past them', () => {
    const a = setGroup(groupSteps(pipelineOf(steps), 1, 2, 'oneOf'), 0, { weights: [1, 3] });
    expect(removeStep(a, 0).groups![0]).toMatchObject({ first: 0, count: 2, weights: [1, 3] });
    // One child fewer: the weights no longer fit and go.
    expect(removeStep(a, 1).groups![0]).toEqual({ kind: 'oneOf', first: 1, count: 1, p: 1, enabled: true });
    expect(duplicateStep(a, 2).groups![0]).toMatchObject({ first: 1, count: 3 });
    expect(moveStep(a, 0, 2).groups![0]).toMatchObject({ first: 0, count: 2 });
    // One place onto a group the step is not in: past the whole group.
    const down = moveStep(a, 0, 1);
    expect(ops(down)).toEqual(['rotate', 'brightness', 'flip', 'contrast', 'invert']);
    expect(down.groups![0]).toMatchObject({ first: 0, count: 2 });
    expect(ops(moveStep(a, 3, 2))).toEqual(['flip', 'contrast', 'rotate', 'brightness', 'invert']);
    // Out of a group at its edge is refused, naming the group.
    expect(() => moveStep(a, 2, 3)).toThrow(/groups\[0\]: a group holds consecutive steps/);
  });

  it('a dropped step joins the groups of the step it lands on, and leaves the others', () => {
    const a = groupSteps(pipelineOf(steps), 1, 2, 'oneOf');
    const into = dropStep(a, 4, 2);
    expect(ops(into)).toEqual(['flip', 'rotate', 'invert', 'brightness', 'contrast']);
    expect(into.groups![0]).toMatchObject({ first: 1, count: 3 });
    const outOf = dropStep(a, 1, 4);
    expect(ops(outOf)).toEqual(['flip', 'brightness', 'contrast', 'invert', 'rotate']);
    expect(outOf.groups![0]).toMatchObject({ first: 1, count: 1 });
    const within = dropStep(a, 2, 1);
    expect(ops(within).slice(1, 3)).toEqual(['brightness', 'rotate']);
    expect(within.groups![0]).toMatchObject({ first: 1, count: 2 });
  });
});
