// The pipeline library: pure TypeScript, no DOM, React, tfjs or workers. Runs in the browser,
// in workers and in Node, with the same bytes for the same seed everywhere.

import './ops/index.js';

export type { ImageU8, Shape } from './image.js';
export type { AnyOp, Category, Stage, OpDef } from './op.js';
export { CATEGORIES } from './op.js';
export type { ParamSpec, ParamSpecs } from './params.js';
export { defaultParams } from './params.js';
export { getOp, listOps } from './registry.js';
export { Rng, sampleSeed } from './rng.js';
export { PipelineError, type Issue } from './schema/errors.js';
export { pipelineJsonSchema } from './schema/jsonSchema.js';
export { stepAlwaysRuns, stepRunIn, MAX_STEPS, VALUE_LIMIT, RULES_BEYOND_JSON_SCHEMA } from './rules.js';
export { parsePipeline, checkedPipeline, PIPELINE_FORMAT, PIPELINE_VERSION, type Layout, type Pipeline, type Step } from './schema/pipeline.js';
export { runPipeline, runPipelineInto, outputShape, drawPlan, type OutputTarget, type RunInfo, type Mode, type PipelineResult, type RunOptions, type StepTrace } from './run.js';
export { displayVariant, toDisplayRGBA, type DisplayVariant } from './display.js';
export { defaultPipeline, presetPipeline, PRESET_NAMES, type PresetName } from './presets.js';
export { IGNORE_INDEX, maskEffect, maskBehaviourText, withTargets, type MaskEffect } from './maskBehaviour.js';
export { runSeriesPipeline, seriesOutputShape, type SeriesResult, type SeriesRunOptions } from './series/run.js';
export { getSeriesOp, listSeriesOps } from './series/registry.js';
export type { Series, SeriesShape } from './series/series.js';
export { MODALITIES, type Modality } from './schema/pipeline.js';
export { kernelsInUse } from './wasm/kernels.js';
