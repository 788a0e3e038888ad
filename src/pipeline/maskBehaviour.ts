// What each step does to a segmentation mask, in words for the step card and as data for the
// pipeline JSON's targets. Derived from the op's own definition (appliesToMask, its kind, cutout's
// `mask` parameter), so the editor cannot disagree with what the runner does.

import type { AnyOp } from './op.js';
import type { Pipeline } from './schema/pipeline.js';

/**
 * Mask value that means "no label here": the loss and the metrics skip these pixels. 255, as in
 * PASCAL VOC's masks and PyTorch's CrossEntropyLoss(ignore_index=255) habit for segmentation.
 */
export const IGNORE_INDEX = 255;

export type MaskEffect = 'moves' | 'unchanged' | 'ignore-fill';

/** The effect of one step with its parameters on a mask. */
export function maskEffect(op: AnyOp, params: Record<string, unknown>): MaskEffect {
  if (!op.appliesToMask) return 'unchanged';
  // A policy's geometric picks move the mask; its colour picks leave it.
  if (op.impl.kind === 'geometric' || op.impl.kind === 'policy') return 'moves';
  if (op.impl.kind === 'image' && op.impl.applyMask) return params.mask === 'ignore' ? 'ignore-fill' : 'unchanged';
  throw new Error(`op ${op.name}: appliesToMask is true but it neither moves pixels nor has applyMask`);
}

/** One line for the step card. */
export function maskBehaviourText(op: AnyOp, params: Record<string, unknown>): string {
  switch (maskEffect(op, params)) {
    case 'moves':
      return 'Mask: moved with the image (same draw, nearest)';
    case 'ignore-fill':
      return `Mask: holes set to ${IGNORE_INDEX} (ignored)`;
    case 'unchanged':
      return 'Mask: unchanged';
  }
}

/** The pipeline stating the targets it was built for: ["image", "mask"] for segmentation, else none stated (the image alone). */
export function withTargets(pipeline: Pipeline, mask: boolean): Pipeline {
  const { targets: _targets, ...rest } = pipeline;
  return mask ? { ...rest, targets: ['image', 'mask'] } : rest;
}
