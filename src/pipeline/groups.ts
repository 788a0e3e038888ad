// Groups of steps (pipeline version 2): oneOf (one child, optional weights), someOf (n children or a
// range, drawn without replacement, in step order or drawn order) and sequence (all children, with
// its own p). A group covers a run of consecutive steps (`first`, `count`); groups nest by covering
// runs inside runs. Its children are its steps and groups not inside a smaller group of it.
// Every group draws from its own stream, keyed by (seed, epoch, index, first, count), and every step
// keeps its own stream, so toggling one step or group never shifts another's draws.

import { Rng, hashInts } from './rng.js';
import { stepAlwaysRuns } from './rules.js';
import { getOp } from './registry.js';
import type { Issue } from './schema/errors.js';
import { echo } from './schema/errors.js';

export const GROUP_KINDS = ['oneOf', 'someOf', 'sequence'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export interface Group {
  kind: GroupKind;
  /** Index of the group's first step in pipeline.steps. */
  first: number;
  /** How many consecutive steps it covers (at least 1). */
  count: number;
  /** Probability that the group runs for a sample. */
  p: number;
  enabled: boolean;
  /** oneOf: relative weight of each child (equal when absent). */
  weights?: number[];
  /** someOf: how many children run, [min, max] (a number n in a file means [n, n]). */
  n?: [number, number];
  /** someOf: run the drawn children in step order (true, the default) or in the order drawn. */
  keepOrder?: boolean;
}

/** A direct child of a group (or of the pipeline): a step index or a group index. */
export type Child = { step: number } | { group: number };

interface StepLike {
  op: string;
}

const FIELDS: Record<GroupKind, string[]> = {
  oneOf: ['kind', 'first', 'count', 'p', 'enabled', 'weights'],
  someOf: ['kind', 'first', 'count', 'p', 'enabled', 'n', 'keepOrder'],
  sequence: ['kind', 'first', 'count', 'p', 'enabled'],
};

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isProbability = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

/** Group indices in tree order: outer before inner, then by first step. */
function treeOrder(groups: readonly Group[]): number[] {
  return groups.map((_, i) => i).sort((a, b) => groups[a]!.first - groups[b]!.first || groups[b]!.count - groups[a]!.count);
}

/** The direct children of each group (and of the pipeline, key -1), in step order. */
export function groupChildren(groups: readonly Group[], stepCount: number): Map<number, Child[]> {
  const children = new Map<number, Child[]>([[-1, []]]);
  groups.forEach((_, i) => children.set(i, []));
  const stack: number[] = [];
  const parentOf = new Map<number, number>();
  for (const g of treeOrder(groups)) {
    const group = groups[g]!;
    while (stack.length && groups[stack[stack.length - 1]!]!.first + groups[stack[stack.length - 1]!]!.count <= group.first) stack.pop();
    const parent = stack.length ? stack[stack.length - 1]! : -1;
    parentOf.set(g, parent);
    children.get(parent)!.push({ group: g });
    stack.push(g);
  }
  // Each step goes to the smallest group covering it.
  const owner = new Int32Array(stepCount).fill(-1);
  for (const g of treeOrder(groups)) {
    const group = groups[g]!;
    for (let s = group.first; s < group.first + group.count && s < stepCount; s++) owner[s] = g;
  }
  for (let s = 0; s < stepCount; s++) children.get(owner[s]!)!.push({ step: s });
  const start = (c: Child) => ('step' in c ? c.step : groups[c.group]!.first);
  for (const list of children.values()) list.sort((a, b) => start(a) - start(b));
  return children;
}

/** Reads the `groups` field of a version-2 file; issues name the field. */
export function parseGroups(raw: unknown, steps: readonly StepLike[], issues: Issue[]): Group[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.push({ path: 'groups', message: `expected a list of groups, got ${echo(raw)}` });
    return [];
  }
  if (raw.length > steps.length) {
    issues.push({ path: 'groups', message: `expected at most one group per step (${steps.length}), got ${raw.length}` });
    return [];
  }
  const groups: Group[] = [];
  raw.forEach((item, i) => {
    const path = `groups[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      issues.push({ path, message: `expected a group like {"kind": "oneOf", "first": 0, "count": 2}, got ${echo(item)}` });
      return;
    }
    const rec = item as Record<string, unknown>;
    if (!(GROUP_KINDS as readonly unknown[]).includes(rec.kind)) {
      issues.push({ path: `${path}.kind`, message: `expected "oneOf", "someOf" or "sequence", got ${echo(rec.kind)}` });
      return;
    }
    const kind = rec.kind as GroupKind;
    const before = issues.length;
    const extra = Object.keys(rec).filter((k) => !FIELDS[kind].includes(k));
    if (extra.length) issues.push({ path, message: `unknown field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 5).map((k) => echo(k)).join(', ')} (a ${kind} group has ${FIELDS[kind].join(', ')})` });
    if (!isInt(rec.first) || rec.first < 0 || rec.first >= steps.length) {
      issues.push({ path: `${path}.first`, message: `expected a step index from 0 to ${steps.length - 1}, got ${echo(rec.first)}` });
    } else if (!isInt(rec.count) || rec.count < 1 || rec.first + rec.count > steps.length) {
      issues.push({ path: `${path}.count`, message: `expected a number of steps from 1 to ${steps.length - rec.first} (the steps after first), got ${echo(rec.count)}` });
    }
    const p = rec.p === undefined ? 1 : rec.p;
    if (!isProbability(p)) issues.push({ path: `${path}.p`, message: `expected a probability from 0 to 1, got ${echo(p)}` });
    const enabled = rec.enabled === undefined ? true : rec.enabled;
    if (typeof enabled !== 'boolean') issues.push({ path: `${path}.enabled`, message: `expected true or false, got ${echo(enabled)}` });
    if (issues.length > before) return;
    const group: Group = { kind, first: rec.first as number, count: rec.count as number, p: p as number, enabled: enabled as boolean };
    if (kind === 'oneOf' && rec.weights !== undefined) {
      const w = rec.weights;
      if (!Array.isArray(w) || !w.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) || !w.some((x) => (x as number) > 0)) {
        issues.push({ path: `${path}.weights`, message: `expected a list of weights >= 0, not all 0, got ${echo(w)}` });
        return;
      }
      group.weights = w as number[];
    }
    if (kind === 'someOf') {
      const n = rec.n === undefined ? 1 : rec.n;
      const range = isInt(n) ? [n, n] : n;
      if (!Array.isArray(range) || range.length !== 2 || !range.every((x) => isInt(x) && x >= 0) || range[0] > range[1]) {
        issues.push({ path: `${path}.n`, message: `expected a whole number of children, or a range [min, max] with min <= max, got ${echo(n)}` });
        return;
      }
      group.n = [range[0] as number, range[1] as number];
      const keep = rec.keepOrder === undefined ? true : rec.keepOrder;
      if (typeof keep !== 'boolean') {
        issues.push({ path: `${path}.keepOrder`, message: `expected true or false, got ${echo(keep)}` });
        return;
      }
      group.keepOrder = keep;
    }
    groups.push(group);
  });
  if (issues.length) return [];
  structureIssues(groups, steps, issues);
  return issues.length ? [] : groups;
}

/** Nesting, membership and child-count rules (the parts JSON Schema cannot state). */
function structureIssues(groups: readonly Group[], steps: readonly StepLike[], issues: Issue[]): void {
  for (let a = 0; a < groups.length; a++) {
    const A = groups[a]!;
    for (let b = 0; b < a; b++) {
      const B = groups[b]!;
      const aEnd = A.first + A.count;
      const bEnd = B.first + B.count;
      if (A.first === B.first && A.count === B.count) {
        issues.push({ path: `groups[${a}]`, message: `covers the same steps as groups[${b}]; a group inside another must cover fewer steps` });
      } else if (A.first < bEnd && B.first < aEnd && !(A.first <= B.first && bEnd <= aEnd) && !(B.first <= A.first && aEnd <= bEnd)) {
        issues.push({ path: `groups[${a}]`, message: `steps ${A.first}-${aEnd - 1} overlap groups[${b}] (steps ${B.first}-${bEnd - 1}) without one containing the other` });
      }
    }
    for (let s = A.first; s < A.first + A.count; s++) {
      const op = getOp(steps[s]!.op);
      if (op && stepAlwaysRuns(op)) {
        issues.push({
          path: `groups[${a}]`,
          message: `steps[${s}] (${op.name}) ${op.stage === 'preprocess' ? 'is a preprocess step' : 'sets the output size'}: it must run for every sample, so it cannot be in a group`,
        });
      }
    }
  }
  if (issues.length) return;
  const children = groupChildren(groups, steps.length);
  groups.forEach((g, i) => {
    const n = children.get(i)!.length;
    if (g.weights && g.weights.length !== n) issues.push({ path: `groups[${i}].weights`, message: `expected one weight per child (${n}), got ${g.weights.length}` });
    if (g.n && g.n[1] > n) issues.push({ path: `groups[${i}].n`, message: `expected at most the group's ${n} children, got ${g.n[1]}` });
  });
}

/** The seed of a group's stream inside one sample: its path is the run of steps it covers. */
export function groupSeed(sampleSeedValue: number, group: Pick<Group, 'first' | 'count'>): number {
  return hashInts(sampleSeedValue, 0x47525550, group.first, group.count);
}

/** What a group drew for one sample: its index and the children that run (as indices into its children). */
export interface GroupDraw {
  group: number;
  ran: boolean;
  picked: number[];
}

/**
 * The steps that run for one sample, in the order they run, and each group's draw. Without groups:
 * every step, in order. Pure: depends on (groups, step count, sample seed) only.
 */
export function resolveOrder(groups: readonly Group[] | undefined, stepCount: number, sampleSeedValue: number): { order: number[]; draws: GroupDraw[] } {
  if (!groups || groups.length === 0) return { order: Array.from({ length: stepCount }, (_, i) => i), draws: [] };
  const children = groupChildren(groups, stepCount);
  const draws: GroupDraw[] = [];
  const order: number[] = [];
  const visit = (child: Child) => {
    if ('step' in child) {
      order.push(child.step);
      return;
    }
    const g = groups[child.group]!;
    const list = children.get(child.group)!;
    const rng = new Rng(groupSeed(sampleSeedValue, g));
    const ran = rng.chance(g.p) && g.enabled;
    const picked = ran ? pickChildren(g, list.length, rng) : [];
    draws.push({ group: child.group, ran, picked });
    for (const k of picked) visit(list[k]!);
  };
  for (const child of children.get(-1)!) visit(child);
  return { order, draws };
}

function pickChildren(g: Group, n: number, rng: Rng): number[] {
  if (n === 0) return [];
  if (g.kind === 'sequence') return Array.from({ length: n }, (_, i) => i);
  if (g.kind === 'oneOf') {
    if (!g.weights) return [rng.int(0, n - 1)];
    const total = g.weights.reduce((a, b) => a + b, 0);
    let u = rng.next() * total;
    for (let i = 0; i < n; i++) {
      u -= g.weights[i]!;
      if (u < 0 && g.weights[i]! > 0) return [i];
    }
    let last = n - 1;
    while (last > 0 && g.weights[last] === 0) last--;
    return [last];
  }
  const [min, max] = g.n ?? [1, 1];
  const k = rng.int(min, Math.min(max, n));
  // Partial Fisher-Yates: the first k of a random permutation, without replacement.
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = rng.int(i, n - 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const chosen = idx.slice(0, k);
  return g.keepOrder === false ? chosen : chosen.sort((a, b) => a - b);
}

/** The new indices of a group's steps after the steps moved (`where`: new index, or null when removed). */
export function movedMembers(g: Group, where: (old: number) => number | null): number[] {
  const out: number[] = [];
  for (let s = g.first; s < g.first + g.count; s++) {
    const to = where(s);
    if (to !== null) out.push(to);
  }
  return out;
}

/**
 * Groups after an edit: `members(group, i)` lists the new indices of group i's steps. A group left
 * without steps goes; `broken` lists those whose steps are no longer consecutive (an error for the
 * caller). A group whose number of children changed loses its weights, and its n stays within them.
 */
export function remapGroups(groups: readonly Group[], stepCount: number, members: (g: Group, i: number) => number[]): { groups: Group[]; broken: number[] } {
  const out: Group[] = [];
  const broken: number[] = [];
  groups.forEach((g, i) => {
    const list = members(g, i);
    if (list.length === 0) return;
    const first = Math.min(...list);
    const count = Math.max(...list) - first + 1;
    if (count !== new Set(list).size) broken.push(i);
    out.push({ ...g, first, count });
  });
  if (broken.length) return { groups: out, broken };
  // A group whose number of children changed keeps no weights; its n stays within its children.
  const children = groupChildren(out, stepCount);
  out.forEach((g, i) => {
    const n = children.get(i)!.length;
    if (g.weights && g.weights.length !== n) delete g.weights;
    if (g.n && g.n[1] > n) g.n = [Math.min(g.n[0], n), n];
  });
  return { groups: out, broken };
}
