// What a series op is: the image op's shape (name, parameter specs, stage, p) with the two pure
// functions — draw(rng) picks the random arguments for one sample, apply(args) uses them — on a
// time series instead of an image. Drawing is apart from applying so the preview can show the
// drawn values and a run can be replayed from its trace.

import type { Stage } from '../op.js';
import type { ParamSpecs, ParamsOf } from '../params.js';
import type { Rng } from '../rng.js';
import type { Series, SeriesShape } from './series.js';

export interface SeriesOpDef<P extends ParamSpecs = ParamSpecs, A = unknown> {
  /** Name in the JSON, camelCase: "timeWarp". */
  name: string;
  /** Name in the editor: "Time warp". */
  label: string;
  description: string;
  /** Where the defaults come from (paper or library). */
  source: string;
  stage: Stage;
  params: P;
  /** Default probability of a new step (augment ops; preprocess steps always run). */
  defaultP: number;
  /** Output shape for an input shape (identity when absent); preprocess ops only. */
  outputShape?(params: ParamsOf<P>, input: SeriesShape): SeriesShape;
  /** Picks the random arguments for one sample. Pure: same rng state, same arguments. */
  draw(rng: Rng, params: ParamsOf<P>, input: SeriesShape): A;
  /** Applies the arguments; never changes its input (returns a new series or the input itself). */
  apply(args: A, input: Series): Series;
}

export function defineSeriesOp<const P extends ParamSpecs, A>(def: SeriesOpDef<P, A>): SeriesOpDef<P, A> {
  return def;
}

// Ops are stored type-erased; each op's functions are only ever called with its own params and args.
export type AnySeriesOp = SeriesOpDef<ParamSpecs, unknown>;
