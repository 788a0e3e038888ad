// Throughput timing shared by the Node and browser benches. Candidates are timed in interleaved
// rounds so that load from other processes on a shared machine hits them alike; the figure is the
// best round (the one least disturbed by other processes), as timeit and pyperf advise. In Node the
// process's CPU time is also taken, which moves far less than wall time when the cores are shared.

/** One call does some work and returns how many items it produced. */
export type Work = () => number;

export interface Rate {
  /** Items per second of wall-clock time (best round). */
  perSecond: number;
  /** Items per second of this process's CPU time (best round); null where it cannot be read. */
  perCpuSecond: number | null;
}

/** Rounds per candidate; the best of these is reported. */
const ROUNDS = 7;
/** Untimed warm-up per candidate, so the JIT has compiled the hot paths before timing. */
const WARMUP_MS = 300;

const now = (): number => performance.now();

/** CPU time of this process in ms (user + system), in Node; null in a page. */
function cpuMs(): number | null {
  const proc = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  if (!proc?.cpuUsage) return null;
  const { user, system } = proc.cpuUsage();
  return (user + system) / 1000;
}

function timeFor(work: Work, ms: number): Rate {
  let items = 0;
  const start = now();
  const cpuStart = cpuMs();
  let elapsed = 0;
  do {
    items += work();
    elapsed = now() - start;
  } while (elapsed < ms);
  const cpuEnd = cpuMs();
  const cpu = cpuStart === null || cpuEnd === null ? null : cpuEnd - cpuStart;
  return { perSecond: (items * 1000) / elapsed, perCpuSecond: cpu ? (items * 1000) / cpu : null };
}

/** Items per second of each candidate, timed for about `seconds` in total per candidate. */
export function measureRounds<K extends string>(candidates: Record<K, Work>, seconds: number): Record<K, Rate> {
  const names = Object.keys(candidates) as K[];
  for (const name of names) timeFor(candidates[name], WARMUP_MS);
  const rounds = Object.fromEntries(names.map((n) => [n, [] as Rate[]])) as Record<K, Rate[]>;
  const roundMs = (seconds * 1000) / ROUNDS;
  for (let r = 0; r < ROUNDS; r++) for (const name of names) rounds[name].push(timeFor(candidates[name], roundMs));
  const best = (rates: Rate[]): Rate => ({
    perSecond: Math.max(...rates.map((r) => r.perSecond)),
    perCpuSecond: rates[0]!.perCpuSecond === null ? null : Math.max(...rates.map((r) => r.perCpuSecond!)),
  });
  return Object.fromEntries(names.map((n) => [n, best(rounds[n])])) as Record<K, Rate>;
}
