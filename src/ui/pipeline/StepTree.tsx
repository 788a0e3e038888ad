// The step list as a tree: steps as cards, groups as nested cards holding their children, with the
// buttons that move a step into or out of a group (the keyboard way; drag and drop does the same).
import type { ReactNode } from 'react';
import { groupChildren, type Child } from '../../pipeline/groups.js';
import type { Pipeline } from '../../pipeline/index.js';
import { appStore } from '../../store/index.js';
import { groupSteps, moveIntoGroup, moveOutOfGroup } from '../../store/groupEdits.js';
import { GroupCard } from './GroupCard.js';
import { StepCard } from './StepCard.js';

export function StepTree({ pipeline, ids }: { pipeline: Pipeline; ids: string[] }) {
  const groups = pipeline.groups ?? [];
  const children = groupChildren(groups, pipeline.steps.length);
  // Groups are numbered in tree order: outer before inner, by first step.
  const numbers = new Map(
    groups
      .map((g, i) => [g, i] as const)
      .sort((a, b) => a[0].first - b[0].first || b[0].count - a[0].count)
      .map(([, i], k) => [i, k + 1]),
  );
  const edit = appStore.getState().editPipeline;

  const render = (list: Child[], parent: number): ReactNode[] =>
    list.map((child, k) => {
      if ('group' in child) {
        const g = groups[child.group]!;
        return (
          <GroupCard key={`g${child.group}-${g.first}-${g.count}`} group={g} index={child.group} number={numbers.get(child.group)!}>
            {render(children.get(child.group)!, child.group)}
          </GroupCard>
        );
      }
      const i = child.step;
      const prev = list[k - 1];
      const next = list[k + 1];
      const actions = (
        <>
          {next && 'step' in next && (
            <button type="button" onClick={() => edit((p) => groupSteps(p, i, next.step - i + 1, 'oneOf'))}>Group with next step</button>
          )}
          {prev && 'group' in prev && (
            <button type="button" onClick={() => edit((p) => moveIntoGroup(p, i, prev.group))}>{`Move into group ${numbers.get(prev.group)}`}</button>
          )}
          {next && 'group' in next && (
            <button type="button" onClick={() => edit((p) => moveIntoGroup(p, i, next.group))}>{`Move into group ${numbers.get(next.group)}`}</button>
          )}
          {parent >= 0 && (
            <button type="button" onClick={() => edit((p) => moveOutOfGroup(p, i, parent))}>{`Move out of group ${numbers.get(parent)}`}</button>
          )}
        </>
      );
      return <StepCard key={ids[i]} id={ids[i]!} step={pipeline.steps[i]!} index={i} count={pipeline.steps.length} groupActions={actions} />;
    });

  return (
    <ol className="step-cards" aria-label="Pipeline steps">
      {render(children.get(-1)!, -1)}
    </ol>
  );
}
