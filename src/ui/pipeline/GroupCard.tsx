// One group of steps in the editor: a nested card named "Group N: One of" (or "Some of",
// "Sequence") with its kind, switch, probability, weights or n, Ungroup, and its children inside.
import type { ReactNode } from 'react';
import type { Group, GroupKind } from '../../pipeline/groups.js';
import { appStore } from '../../store/index.js';
import { childCount, setGroup, ungroup, type GroupPatch } from '../../store/groupEdits.js';
import './groups.css';

export const GROUP_LABELS: Record<GroupKind, string> = { oneOf: 'One of', someOf: 'Some of', sequence: 'Sequence' };

const HELP: Record<GroupKind, string> = {
  oneOf: 'Runs one of the steps below for each sample, picked with the weights',
  someOf: 'Runs a number of the steps below for each sample (from the range), each at most once',
  sequence: 'Runs all the steps below, in order, with the group’s probability',
};

export interface GroupCardProps {
  group: Group;
  /** Index in pipeline.groups. */
  index: number;
  /** Number shown to people (tree order, from 1). */
  number: number;
  children: ReactNode;
}

export function GroupCard({ group, index, number, children }: GroupCardProps) {
  const name = `Group ${number}: ${GROUP_LABELS[group.kind]}`;
  const edit = (patch: GroupPatch) => appStore.getState().editPipeline((p) => setGroup(p, index, patch));
  const count = childCount(appStore.getState().pipeline, index);
  const weights = group.weights ?? new Array<number>(count).fill(1);
  return (
    <li className={`group-card${group.enabled ? '' : ' step-disabled'}`}>
      <fieldset role="group" aria-label={name}>
        <div className="step-head">
          <label className="step-enabled">
            <input type="checkbox" aria-label="Group enabled" checked={group.enabled} onChange={(e) => edit({ enabled: e.target.checked })} />
            <span className="step-title">Group {number}</span>
          </label>
          <select aria-label="Group kind" value={group.kind} onChange={(e) => edit({ kind: e.target.value as GroupKind })}>
            {(Object.keys(GROUP_LABELS) as GroupKind[]).map((k) => (
              <option key={k} value={k}>{GROUP_LABELS[k]}</option>
            ))}
          </select>
          <button type="button" onClick={() => appStore.getState().editPipeline((p) => ungroup(p, index))}>Ungroup</button>
        </div>
        <p className="step-description">{HELP[group.kind]}</p>
        <div className="param">
          <label className="param-name">
            <span>Probability</span>
            <input type="range" aria-label="Group probability" min={0} max={1} step={0.05} value={group.p} onChange={(e) => edit({ p: Number(e.target.value) })} />
          </label>
          <output className="param-value">{Math.round(group.p * 100)}%</output>
        </div>
        {group.kind === 'oneOf' && (
          <div className="group-weights">
            <span>Weights</span>
            {weights.map((w, k) => (
              <input
                key={k}
                type="number"
                min={0}
                step={0.5}
                aria-label={`Weight of child ${k + 1}`}
                value={w}
                onChange={(e) => {
                  const value = Number(e.target.value);
                  if (Number.isFinite(value) && value >= 0) edit({ weights: weights.map((x, j) => (j === k ? value : x)) });
                }}
              />
            ))}
          </div>
        )}
        {group.kind === 'someOf' && group.n && (
          <div className="group-weights">
            <label>
              At least{' '}
              <input type="number" aria-label="At least" min={0} max={count} step={1} value={group.n[0]} onChange={(e) => edit({ n: [Number(e.target.value), Math.max(Number(e.target.value), group.n![1])] })} />
            </label>
            <label>
              At most{' '}
              <input type="number" aria-label="At most" min={0} max={count} step={1} value={group.n[1]} onChange={(e) => edit({ n: [Math.min(group.n![0], Number(e.target.value)), Number(e.target.value)] })} />
            </label>
            <label>
              <input type="checkbox" aria-label="Keep step order" checked={group.keepOrder ?? true} onChange={(e) => edit({ keepOrder: e.target.checked })} /> Keep step order
            </label>
          </div>
        )}
        <ol className="step-cards group-children" aria-label={`Steps of group ${number}`}>
          {children}
        </ol>
      </fieldset>
    </li>
  );
}
