"""Running a pipeline on one image, as src/pipeline/run.ts: draw every step's arguments (the plan), then
apply it fused (runs of geometric steps as one resampling, runs of per-value steps as one table) or
one step at a time (reference=True)."""

import numpy as np

from . import kernels as K
from .ops import OPS, Shape
from .groups import normalize_groups, resolve_order
from .rng import Rng, sample_seed, step_seed
from .schema import PipelineError, parse_pipeline


def step_run_in(op, mode, display):
    """'draw' (random arguments), 'inference' (a size-setting augment step's fixed centre arguments,
    so inference gives the training shape) or 'skip', as src/pipeline/rules.ts stepRunIn."""
    if display and op.leaves_pixel_range:
        return "skip"
    if mode == "train" or op.stage == "preprocess":
        return "draw"
    return "inference" if op.output_shape else "skip"


def _input_shape(image):
    h, w, c = image.shape
    return Shape(w, h, 3 if c == 4 else c)


def output_shape(pipeline, shape, mode="train", display=False):
    shape = Shape(shape.width, shape.height, 3 if shape.channels == 4 else shape.channels)
    issues = []
    for i, step in enumerate(pipeline["steps"]):
        op = OPS[step["op"]]
        if not step["enabled"] or step_run_in(op, mode, display) == "skip":
            continue
        message = op.check_shape(step["params"], shape) if op.check_shape else None
        if message:
            issues.append((f"steps[{i}].params", f"{step['op']}: {message}"))
        if op.output_shape:
            shape = op.output_shape(step["params"], shape)
    if issues:
        raise PipelineError(issues)
    return shape


def draw_plan(pipeline, shape, epoch, index, mode, seed=None, display=False, mask=False):
    """Every step's arguments for one sample (run.ts drawPlan): groups pick the steps that run and their
    order, each step draws from its own stream; a policy step's picks take its place in the plan, a mixing
    step (AugMix) holds its chains. mask: a mask follows the image (AugMix then keeps to colour ops)."""
    base = sample_seed(pipeline["seed"] if seed is None else seed, epoch, index)
    steps = pipeline["steps"]
    order = resolve_order(normalize_groups(pipeline.get("groups"), len(steps)), len(steps), base)
    context = {"mask": bool(mask) or pipeline.get("targets") == ["image", "mask"]}
    plan, trace = [], []
    for i in order:
        step = steps[i]
        op = OPS[step["op"]]
        how = step_run_in(op, mode, display) if step["enabled"] else "skip"
        if how == "skip":
            continue
        rng = Rng(step_seed(base, i))
        applied = how == "inference" or step["stage"] == "preprocess" or rng.chance(step["p"])
        if not applied:
            trace.append({"step": i, "op": step["op"], "applied": False})
            continue
        message = op.check_shape(step["params"], shape) if op.check_shape else None
        if message:
            raise PipelineError([(f"steps[{i}].params", f"{step['op']}: {message}")])
        if how == "inference":
            args = op.inference(step["params"], shape)
        elif op.kind == "mix":
            args = op.draw(rng, step["params"], shape, context)
        else:
            args = op.draw(rng, step["params"], shape)
        if op.kind == "policy":
            for name, call_args in op.impl(args):
                plan.append((i, OPS[name], call_args, shape))
        elif op.kind == "mix":
            original, chains = op.impl(args)
            planned = [(w, [(i, OPS[name], call_args, shape) for name, call_args in calls]) for w, calls in chains]
            plan.append((i, op, (original, planned), shape))
        else:
            plan.append((i, op, args, shape))
        trace.append({"step": i, "op": step["op"], "applied": True, "args": args})
        if op.output_shape:
            shape = op.output_shape(step["params"], shape)
    chosen = set(order)
    for i, step in enumerate(steps):
        if i not in chosen and step["enabled"]:
            trace.append({"step": i, "op": step["op"], "applied": False})
    return plan, trace


def _apply_mix(original, chains, img, run_chain):
    """m·image + Σ wₖ·chainₖ summed in float64 in run.ts's order, stored once (mix.ts applyMix)."""
    if not chains:
        return img
    src = img.data.astype(np.float64)
    acc = None
    for w, chain in chains:
        a = run_chain(chain).data.astype(np.float64)
        acc = original * src + w * a if acc is None else acc + w * a
    return K.Work(K.store(acc, img.is_float))


def _sampling_kind(sampling, exact):
    if sampling is None or exact:
        return "index"
    return "index" if sampling[0] == "nearest" else sampling[0]


def _point_stage(planned):
    _, op, args, shape = planned
    if op.kind == "noise":
        return op.impl(args)
    impl = op.impl
    channels = shape.channels
    return K.MapStage(lambda stats: impl["map"](args, channels, stats), impl["needs_stats"], op.domain == "pixel", None)


def apply_plan(plan, work, mask, reference):
    img, msk = work, mask
    i = 0
    while i < len(plan):
        _, op, args, shape = plan[i]
        if op.kind == "geometric":
            # A chain of index steps and at most one bilinear step, in one pass, equal to the steps
            # one at a time (kernels.warp_chain); an area resize runs alone.
            chain = []
            width, height = img.width, img.height
            bilinear = False
            j = i
            while j < len(plan) and plan[j][1].kind == "geometric" and (j == i or not reference):
                _, gop, gargs, gshape = plan[j]
                m, w, h, sampling, exact = gop.impl(gargs, gshape)
                kind = _sampling_kind(sampling, exact)
                if kind == "area":
                    if j > i:
                        break
                    step = K.ChainStep(m, width, height, False, "constant", 0)
                    if msk is not None:
                        msk = K.warp_mask(msk, [step], w, h)
                    img = K.resize_area(img, m, w, h, sampling[2])
                    j += 1
                    break
                if kind == "bilinear" and bilinear:
                    break
                bilinear = bilinear or kind == "bilinear"
                chain.append(K.ChainStep(m, width, height, kind == "bilinear", sampling[1] if sampling else "edge", sampling[2] if sampling else 0))
                width, height = w, h
                j += 1
            if chain:
                if msk is not None:
                    msk = K.warp_mask(msk, chain, width, height)
                img = K.warp_chain(img, chain, width, height)
            i = j
        elif op.kind in ("pointwise", "noise"):
            stages = [_point_stage(plan[i])]
            j = i + 1
            input_is_float = img.is_float
            while not reference and j < len(plan) and plan[j][1].kind in ("pointwise", "noise"):
                nxt = _point_stage(plan[j])
                if not K.can_join(stages, nxt, input_is_float):
                    break
                stages.append(nxt)
                j += 1
            img = K.run_pointwise(img, stages)
            i = j
        elif op.kind == "mix":
            original, chains = args
            if msk is not None and any(c[1].kind == "geometric" for _, chain in chains for c in chain):
                raise PipelineError([(f"steps[{plan[i][0]}]", f"{op.name}: a chain that moves pixels cannot run with a mask")])
            source = img
            img = _apply_mix(original, chains, source, lambda chain: apply_plan(chain, source, None, reference)[0])
            i += 1
        else:
            if msk is not None and op.mask_impl is not None:
                msk = op.mask_impl(args, msk)
            img = op.impl(args, img)
            i += 1
    return img, msk


class Result:
    """The pipeline's output: `data` float32 in the pipeline's layout (HWC or CHW), the mask, the trace."""

    def __init__(self, data, layout, mask, trace):
        self.data = data
        self.layout = layout
        self.mask = mask
        self.trace = trace

    @property
    def shape(self):
        return self.data.shape


def _as_image(image):
    a = np.asarray(image)
    if a.dtype != np.uint8:
        raise ValueError(f"image: expected uint8 pixels (0-255), got {a.dtype}")
    if a.ndim == 2:
        a = a[:, :, None]
    if a.ndim != 3 or a.shape[2] not in (1, 3, 4) or a.shape[0] < 1 or a.shape[1] < 1:
        raise ValueError(f"image: expected height x width x channels with 1, 3 or 4 channels, got shape {a.shape}")
    return np.ascontiguousarray(a[:, :, :3] if a.shape[2] == 4 else a)


def run_pipeline(pipeline, image, epoch=0, index=0, mode="train", seed=None, mask=None, reference=False, display=False):
    """Runs the pipeline on one image (uint8, H x W or H x W x C): float32 out in the pipeline's layout.
    mode="inference" runs the preprocess steps only. Same (pipeline, seed, epoch, index): same values
    as the TypeScript library."""
    if mode not in ("train", "inference"):
        raise ValueError(f'mode: expected "train" or "inference", got {mode!r}')
    if not (isinstance(pipeline, dict) and pipeline.get("format") == "augplay.pipeline" and "output" in pipeline and isinstance(pipeline.get("steps"), list) and all("params" in s for s in pipeline["steps"])):
        pipeline = parse_pipeline(pipeline)
    if pipeline.get("modality", "image") == "series":
        raise PipelineError([("modality", 'this pipeline is for time series: run it with run_series_pipeline(pipeline, series) (series: length x channels)')])
    img = _as_image(image)
    in_shape = _input_shape(img)
    output_shape(pipeline, in_shape, mode, display)
    if mask is not None:
        mask = np.asarray(mask, dtype=np.uint8)
        if mask.shape != img.shape[:2]:
            raise ValueError(f"mask: expected {img.shape[1]}x{img.shape[0]} = {img.shape[0] * img.shape[1]} values, got shape {mask.shape}")
    plan, trace = draw_plan(pipeline, in_shape, epoch, index, mode, seed, display, mask is not None)
    out, out_mask = apply_plan(plan, K.Work(img), mask, reference)
    data = out.data.astype(np.float32)
    layout = pipeline["output"]["layout"]
    if layout == "NCHW":
        data = np.ascontiguousarray(data.transpose(2, 0, 1))
    return Result(data, layout, out_mask, trace)
