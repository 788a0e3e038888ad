// What an op is: a name, a parameter schema, a stage, what it applies to, and two pure functions —
// draw(rng) picks the random arguments, the implementation applies them. Drawing is apart from
// applying so an image and its mask get the same arguments, the preview can show the drawn
// values, and a run can be replayed from its trace.

import type { Shape, WorkImage } from './image.js';
import type { Affine, Sampling } from './kernels/geometry.js';
import type { ParamSpecs, ParamsOf } from './params.js';
import type { Rng } from './rng.js';

export type Stage = 'preprocess' | 'augment';

/** Groups of the step catalogue, in the order the editor shows them. */
export const CATEGORIES = ['resize-normalise', 'geometry', 'colour', 'noise-blur', 'cutout', 'policy'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Statistics of the image at a step's input, for steps that need them (contrast, autoContrast, equalize). */
export interface ImageStats {
  /** Mean of the luma (BT.601) over the image, in pixel units; the channel mean for grey images. */
  lumaMean: number;
  /** Per channel (computed on first call): its smallest and largest value (autoContrast). */
  channels(): ChannelRanges;
}

export interface ChannelRanges {
  min: Float64Array;
  max: Float64Array;
}

/** Geometric steps give the inverse map from their output to their input, and the output size. */
export interface GeometricImpl<A> {
  kind: 'geometric';
  transform(args: A, input: Shape): GeometricStep;
}

export interface GeometricStep {
  matrix: Affine;
  width: number;
  height: number;
  /** null: the step never samples outside the image nor between pixels (flip). */
  sampling: Sampling | null;
  /**
   * True when every output pixel centre lands on an input pixel centre (integer shifts, crops,
   * flips): then the interpolation does not matter and the step fuses with any other.
   */
  exact?: boolean;
}

/**
 * Per-value steps: out = fn(in, channel), one value at a time. Pixel steps (domain 'pixel') have
 * their result clamped to [0, 255] (and rounded while the image is 8-bit); value steps (rescale,
 * normalise) produce floats. A run of them fuses into one lookup table on 8-bit input.
 */
export interface PointwiseImpl<A> {
  kind: 'pointwise';
  needsStats: boolean;
  map(args: A, channels: number, stats: ImageStats | null): (value: number, channel: number) => number;
  /**
   * For maps that are v * scale[c] + offset[c] with the same arithmetic as `map` (rescale,
   * normalise): lets kernels apply them to float values without a function call per value.
   */
  affine?(args: A, channels: number): PerChannelAffine;
}

/** out = value * scale[channel] + offset[channel]. */
export interface PerChannelAffine {
  scale: Float64Array;
  offset: Float64Array;
}

/** Per-value random noise added in place; one pass, fused after a pointwise run where possible. */
export interface NoiseImpl<A> {
  kind: 'noise';
  noise(args: A): { sigma: number; seed: number; perChannel: boolean };
}

/** Anything else (blur, colour-space changes, cut-out): a whole-image pass. */
export interface ImageImpl<A> {
  kind: 'image';
  apply(args: A, image: WorkImage): WorkImage;
  /** Ops that may change a mask (cutout with an ignore fill): the mask (one byte a pixel, same size) with the same arguments. */
  applyMask?(args: A, mask: Uint8Array, width: number, height: number): Uint8Array;
}

/** One call of a registered op with its own arguments, as a policy step expands into. */
export interface SubCall {
  op: string;
  args: unknown;
}

/**
 * Policy steps (RandAugment, TrivialAugment): their draw picks other ops and those ops' arguments;
 * the plan holds the picked ops in their place, so the fused executor runs them like any other
 * steps (and geometric ones move the mask). Policy steps keep the image's shape.
 */
export interface PolicyImpl<A> {
  kind: 'policy';
  /** Names of the registered ops it may call. */
  calls: readonly string[];
  expand(args: A): readonly SubCall[];
}

/** One chain of a mixing step: its sub-calls run on the step's input, in order; its result weighs `weight`. */
export interface MixChain {
  weight: number;
  calls: readonly SubCall[];
}

/**
 * Mixing steps (AugMix): the output is the weighted sum of the input (weight `original`) and of
 * chains of other ops each run on the input; the weights sum to 1. All draws (chains, ops,
 * magnitudes, weights) are made by `draw`; applying is deterministic. Mixing steps keep the shape.
 */
export interface MixImpl<A> {
  kind: 'mix';
  /** Names of the registered ops its chains may call. */
  calls: readonly string[];
  mix(args: A): { original: number; chains: readonly MixChain[] };
}

export type OpImpl<A> = GeometricImpl<A> | PointwiseImpl<A> | NoiseImpl<A> | ImageImpl<A> | PolicyImpl<A> | MixImpl<A>;

/** What a step's draw may know of the run besides its input shape. */
export interface DrawContext {
  /** True when a segmentation mask follows the image (the pipeline's targets, or a mask given to the run). */
  mask: boolean;
}

export interface OpDef<P extends ParamSpecs = ParamSpecs, A = unknown> {
  /** Name in the JSON, camelCase: "rotate", "randomResizedCrop". */
  name: string;
  /** Name in the editor: "Rotate". */
  label: string;
  description: string;
  stage: Stage;
  category: Category;
  params: P;
  /** Default probability of a new step (augment ops; preprocess steps always run). */
  defaultP: number;
  /**
   * What the op does to a segmentation mask, stated by every op: true when it may change the mask:
   * geometric ops move it with the same drawn arguments (nearest sampling), an image op with
   * `applyMask` (cutout) changes it as its parameters say. False: the mask is left as it is
   * (colour, noise, blur, value scaling). Shown on the step card (maskBehaviour.ts).
   */
  appliesToMask: boolean;
  /**
   * 'pixel': works on pixel values 0..255 and must run before any step that changes the value
   * range (rescale, normalise, standardise). 'any': works on whatever values it gets.
   */
  domain: 'pixel' | 'any';
  /** True when the output is no longer pixel values (rescale, normalise, standardise). */
  leavesPixelRange?: boolean;
  /** Named parameter sets the editor offers, e.g. normalise's "ImageNet". */
  presets?: Record<string, Partial<ParamsOf<P>>>;
  /** Output shape for an input shape (identity when absent). Must not depend on random draws. */
  outputShape?(params: ParamsOf<P>, input: Shape): Shape;
  /** Checks that need the input shape (e.g. mean length vs channels); returns a message or null. */
  checkShape?(params: ParamsOf<P>, input: Shape): string | null;
  /**
   * Augment ops that set the output size: the fixed arguments used at inference (a centre crop,
   * resized if needed, as Keras' RandomCrop does), so inference gives the shape training gave.
   */
  inference?(params: ParamsOf<P>, input: Shape): A;
  /** Ops that change the value range: the largest |value| out when |value| in is at most `bound`. */
  valueBound?(params: ParamsOf<P>, bound: number): number;
  /** Picks the random arguments for one sample. Pure: same rng state (and context), same arguments. */
  draw(rng: Rng, params: ParamsOf<P>, input: Shape, context: DrawContext): A;
  impl: OpImpl<A>;
}

/** Typed helper: infers P and A so each op file gets checked parameters and arguments. */
export function defineOp<const P extends ParamSpecs, A>(def: OpDef<P, A>): OpDef<P, A> {
  return def;
}

// Ops are stored type-erased; each op's functions are only ever called with its own params and args.
export type AnyOp = OpDef<ParamSpecs, unknown>;
