// Coalesces the trainer's events and hands them on at most once per animation frame. Frames only
// publish: the training steps never wait for one, so training goes on in a hidden tab, where
// animation frames stop and a fallback timer publishes instead.
import type { BatchEvent, EpochEvent, Evaluation, TrainerUpdate } from './types.js';

/** Runs `callback` once, soon: on the next animation frame when there is one. */
export type FrameScheduler = (callback: () => void) => void;

/** A hidden tab gets no animation frames; publish this often there instead (browsers clamp timers in hidden tabs to ~1 s anyway). */
export const HIDDEN_PUBLISH_MS = 250;
/** Without animation frames at all (Node), about one 60 Hz frame. */
export const NO_FRAME_PUBLISH_MS = 16;

interface FrameGlobals {
  requestAnimationFrame?: (callback: () => void) => number;
  document?: { visibilityState?: string };
}

export function animationFrameScheduler(): FrameScheduler {
  const g = globalThis as FrameGlobals;
  return (callback) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      callback();
    };
    if (typeof g.requestAnimationFrame === 'function' && g.document?.visibilityState !== 'hidden') {
      g.requestAnimationFrame(once);
      // The tab may be hidden before the frame comes, and then it never does.
      setTimeout(once, HIDDEN_PUBLISH_MS);
    } else {
      setTimeout(once, typeof g.requestAnimationFrame === 'function' ? HIDDEN_PUBLISH_MS : NO_FRAME_PUBLISH_MS);
    }
  };
}

export class UpdatePublisher {
  private batches: BatchEvent[] = [];
  private epochs: EpochEvent[] = [];
  private evaluation: Evaluation | undefined;
  private running = { samplesPerSec: 0, waitFraction: 0 };
  private scheduled = false;

  constructor(
    private readonly onUpdate: (update: TrainerUpdate) => void,
    private readonly schedule: FrameScheduler = animationFrameScheduler(),
  ) {}

  batch(event: BatchEvent, running: { samplesPerSec: number; waitFraction: number }): void {
    this.batches.push(event);
    this.running = running;
    this.request();
  }

  epoch(event: EpochEvent, evaluation?: Evaluation): void {
    this.epochs.push(event);
    if (evaluation) this.evaluation = evaluation;
    this.request();
  }

  /** Publishes what is pending now (end of a run, so the last events are never left waiting). */
  flush(): void {
    if (this.batches.length === 0 && this.epochs.length === 0 && !this.evaluation) return;
    const update: TrainerUpdate = { batches: this.batches, epochs: this.epochs, ...this.running };
    if (this.evaluation) update.evaluation = this.evaluation;
    this.batches = [];
    this.epochs = [];
    this.evaluation = undefined;
    this.onUpdate(update);
  }

  private request(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
