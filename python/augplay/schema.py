"""Reading a pipeline file: the same checks, field paths and messages as src/pipeline/schema/pipeline.ts."""

import json

from .jsfmt import UNDEFINED, echo, js_number, show, stringify
from .ops import OPS

PIPELINE_FORMAT = "augplay.pipeline"
PIPELINE_VERSION = 2
MAX_SEED = 0xFFFFFFFF
LAYOUTS = ("NHWC", "NCHW")

# Version steps up: {from_version: fn(doc) -> doc}, as src/pipeline/schema/migrations.ts.
# Version 2 adds groups of steps; a version-1 file is a version-2 file without groups.
MIGRATIONS = {1: lambda doc: dict(doc)}


# One error lists at most this many issues, each cut at MAX_ISSUE_CHARS (schema/errors.ts).
MAX_ISSUES = 20
MAX_ISSUE_CHARS = 600
# Most steps in one pipeline, deepest nesting and most values in a file (rules.ts, schema/json.ts).
MAX_STEPS = 256
MAX_DEPTH = 32
MAX_VALUES = 100_000
# Largest |value| a pipeline may produce anywhere (rules.ts VALUE_LIMIT).
VALUE_LIMIT = 1e30


def _cut(text, most):
    return text[:most] + "…" if len(text) > most else text


class PipelineError(ValueError):
    """Bad pipeline: `issues` is a list of (path, message); str() reads like the TypeScript error."""

    def __init__(self, issues):
        issues = list(issues)
        shown = [(_cut(p, 200), _cut(m, MAX_ISSUE_CHARS)) for p, m in issues[:MAX_ISSUES]]
        lines = [f"{p}: {m}" if p else m for p, m in shown]
        if len(issues) > MAX_ISSUES:
            more = len(issues) - MAX_ISSUES
            lines.append(f"… and {more} more issue{'s' if more > 1 else ''}")
        self.issues = shown
        super().__init__("\n".join(lines))


class _Issues:
    def __init__(self):
        self.items = []  # (path, message, abort)

    def add(self, path, message, abort=False):
        self.items.append((path, message, abort))

    @property
    def aborted(self):
        return any(a for _, _, a in self.items)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_int(v):
    return _is_number(v) and float(v).is_integer()


def _join(base, key):
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


def _bounds(lo, hi, unit):
    return f"from {js_number(lo)} to {js_number(hi)}" + (f" {unit}" if unit else "")


def _check_number(value, spec, what, path, out):
    expected = f"expected {'an integer' if spec.get('integer') else 'a number'} {_bounds(spec['min'], spec['max'], spec.get('unit'))}"
    msg = f"{what}{expected}, got {show(value)}"
    if not _is_number(value):
        out.add(path, msg, True)
        return
    if spec.get("integer") and not _is_int(value):
        out.add(path, msg, True)
        return
    if value < spec["min"]:
        out.add(path, msg)
    if value > spec["max"]:
        out.add(path, msg)


def _check_param(value, spec, path, out):
    """Validates one parameter; returns the value (default filled in)."""
    kind = spec["kind"]
    if value is UNDEFINED:
        d = spec["default"]
        return list(d) if isinstance(d, list) else d
    if kind == "number":
        _check_number(value, spec, "", path, out)
    elif kind == "range":
        bad = _Issues()
        if not isinstance(value, list) or len(value) < 2:
            bad.add(path, f"expected [min, max] with min <= max, each {_bounds(spec['min'], spec['max'], spec.get('unit'))}, got {show(value)}", True)
        else:
            if len(value) > 2:
                bad.add(path, f"expected [min, max] with min <= max, each {_bounds(spec['min'], spec['max'], spec.get('unit'))}, got {show(value)}", True)
            _check_number(value[0], spec, "min: ", _join(path, 0), bad)
            _check_number(value[1], spec, "max: ", _join(path, 1), bad)
            if not bad.aborted and value[0] > value[1]:
                bad.add(path, f"expected [min, max] with min <= max, got {show(value)}")
        out.items.extend(bad.items)
    elif kind == "choice":
        if value not in spec["options"] or not isinstance(value, str):
            out.add(path, f"expected one of {', '.join(stringify(o) for o in spec['options'])}, got {show(value)}", True)
    elif kind == "boolean":
        if not isinstance(value, bool):
            out.add(path, f"expected true or false, got {show(value)}", True)
    elif kind == "vector":
        lengths = " or ".join(str(n) for n in spec["lengths"])
        bad = _Issues()
        if not isinstance(value, list):
            bad.add(path, f"expected a list of {lengths} numbers, got {show(value)}", True)
        else:
            lo, hi = js_number(spec["min"]), js_number(spec["max"])
            word = "above" if spec.get("exclusiveMin") else "from"
            for i, item in enumerate(value):
                p = _join(path, i)
                if not _is_number(item):
                    bad.add(p, f"expected a number, got {show(item)}", True)
                    continue
                if item < spec["min"]:
                    bad.add(p, f"expected a number {word} {lo} to {hi}, got {show(item)}")
                if item > spec["max"]:
                    bad.add(p, f"expected a number {word} {lo} to {hi}, got {show(item)}")
                if spec.get("exclusiveMin") and not item > spec["min"]:
                    bad.add(p, f"expected a number above {lo}, got {show(item)}")
            if not bad.aborted and len(value) not in spec["lengths"]:
                bad.add(path, f"expected a list of {lengths} numbers, got {show(value)}")
        out.items.extend(bad.items)
    return value


def _check_params(raw, op, path, out):
    params = {}
    for name, spec in op.params.items():
        params[name] = _check_param(raw.get(name, UNDEFINED), spec, _join(path, name), out)
    extra = [k for k in raw if k not in op.params]
    if extra:
        known = list(op.params)
        what = "parameters" if len(extra) > 1 else "parameter"
        suffix = f" for {op.name}" + (f" (known: {', '.join(known)})" if known else " (it takes none)")
        out.add(path, f"unknown {what} {_key_list(extra)}{suffix}")
    return params


def _key_list(keys):
    return ", ".join(echo(k) for k in keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")


def _distance(a, b):
    d = [[i] + [0] * len(b) for i in range(len(a) + 1)]
    for j in range(1, len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (0 if a[i - 1] == b[j - 1] else 1))
    return d[len(a)][len(b)]


def _unknown_op(name):
    names = list(OPS)
    close = sorted(((n, _distance(n.lower(), name.lower())) for n in names if _distance(n.lower(), name.lower()) <= 2), key=lambda t: t[1])
    hint = f' (did you mean "{close[0][0]}"?)' if close else ""
    return f"unknown op {echo(name)}{hint}; known ops: {', '.join(names)}"


def _probability(value, default, path, out):
    if value is UNDEFINED:
        return default
    msg = f"expected a probability from 0 to 1, got {echo(value)}"
    if not _is_number(value):
        out.add(path, msg, True)
        return None
    if value < 0:
        out.add(path, msg)
    if value > 1:
        out.add(path, msg)
    return value


STEP_FIELDS = ("op", "stage", "p", "enabled", "params")


def step_head(raw, path, issues, example, series=False):
    """What every step is checked for first, image or series (schema/pipeline.ts, series/parseStep.ts):
    an object, no unknown fields, the op's name as text. Returns (name or None when the step cannot
    be read further, whether unknown fields were reported). The series parser words the unknown
    fields as its TypeScript does ("unknown field", at most five named)."""
    if not isinstance(raw, dict):
        issues.append((path, f'expected a step object like {{"op": "{example}"}}, got {echo(raw)}'))
        return None, False
    extra = [k for k in raw if k not in STEP_FIELDS]
    if extra:
        fields = f"field {', '.join(echo(k) for k in extra[:5])}" if series else f"field{'s' if len(extra) > 1 else ''} {_key_list(extra)}"
        issues.append((path, f"unknown {fields} (a step has op, stage, p, enabled, params)"))
    name = raw.get("op", UNDEFINED)
    if not isinstance(name, str):
        issues.append((f"{path}.op", f"expected the op's name as text, got {echo(name)}"))
        return None, bool(extra)
    return name, bool(extra)


def preprocess_p_issue(path, p):
    """The issue of a preprocess step given a p other than 1 (both parsers)."""
    return (f"{path}.p", f"preprocess steps always run (they must match at inference): expected 1, got {js_number(p)}")


def step_enabled_and_params(raw, path, issues):
    """A step's `enabled` (true when absent) and whether it is a boolean, and its `params` object ({}
    when absent; None when it is not an object). Issues are named for both (both parsers)."""
    enabled = raw.get("enabled", True)
    enabled_ok = isinstance(enabled, bool)
    if not enabled_ok:
        issues.append((f"{path}.enabled", f"expected true or false, got {echo(enabled)}"))
    raw_params = raw.get("params", {})
    if not isinstance(raw_params, dict):
        issues.append((f"{path}.params", f"expected an object of parameters, got {echo(raw_params)}"))
        raw_params = None
    return enabled, enabled_ok, raw_params


def _parse_step(raw, path, issues):
    name, _ = step_head(raw, path, issues, "flip")
    if name is None:
        return None
    op = OPS.get(name)
    if op is None:
        issues.append((f"{path}.op", _unknown_op(name)))
        return None
    ok = True
    stage = raw.get("stage", op.stage)
    if stage not in ("preprocess", "augment") or not isinstance(stage, str):
        issues.append((f"{path}.stage", f'expected "preprocess" or "augment", got {echo(stage)}'))
        ok = False
    elif stage != op.stage:
        if op.stage == "augment":
            msg = f'{op.name} is an augment op: it is random and runs in training only, so its stage must be "augment"'
        else:
            msg = f'{op.name} is a preprocess op: it runs at training and at inference, so its stage must be "preprocess"'
        issues.append((f"{path}.stage", msg))
        ok = False
    pi = _Issues()
    p = _probability(raw.get("p", UNDEFINED), op.default_p, f"{path}.p", pi)
    p_ok = not pi.items
    if not p_ok:
        issues.extend((a, b) for a, b, _ in pi.items)
        ok = False
    elif op.stage == "preprocess" and p != 1:
        issues.append(preprocess_p_issue(path, p))
        ok = False
    elif op.output_shape is not None and p != 1:
        issues.append((f"{path}.p", f"{op.name} sets the output size, so it must run for every sample (a batch has one shape): expected 1, got {js_number(p)}"))
        ok = False
    enabled, enabled_ok, raw_params = step_enabled_and_params(raw, path, issues)
    if raw_params is None:
        return None
    ok = ok and enabled_ok
    pv = _Issues()
    params = _check_params(raw_params, op, f"{path}.params", pv)
    if pv.items:
        issues.extend((a, b) for a, b, _ in pv.items)
        return None
    if not ok or not p_ok:
        return None
    return {"op": op.name, "stage": op.stage, "p": p, "enabled": enabled, "params": params}


def _check_order(steps, issues):
    left_at = -1
    for i, step in enumerate(steps):
        if not step["enabled"]:
            continue
        op = OPS[step["op"]]
        if op.domain == "pixel" and left_at >= 0:
            leaver = steps[left_at]["op"]
            issues.append((f"steps[{i}]", f"{step['op']} works on pixel values 0-255, so it must come before {leaver} (steps[{left_at}]), which changes the value range"))
        if op.leaves_pixel_range and left_at < 0:
            left_at = i


def _value_issues(steps):
    """A pipeline whose values could pass VALUE_LIMIT is refused (rules.ts valueIssues)."""
    bound = 255.0
    for i, step in enumerate(steps):
        if not step["enabled"]:
            continue
        p = step["params"]
        name = step["op"]
        if name == "rescale":
            bound = bound * abs(p["scale"]) + abs(p["offset"])
        elif name == "normalize":
            out = 0.0
            for c in range(max(len(p["mean"]), len(p["std"]))):
                mean = p["mean"][0 if len(p["mean"]) == 1 else c]
                std = p["std"][0 if len(p["std"]) == 1 else c]
                out = max(out, bound / (p["maxPixelValue"] * std) + abs(mean / std))
            bound = out
        elif name == "standardize":
            bound = 1e5
        else:
            bound = max(bound, 255.0)
        if not bound <= VALUE_LIMIT:
            return [(f"steps[{i}]", f"{name}: values could reach {_exponential(bound, 1)} here, beyond the limit of {_exponential(VALUE_LIMIT, 0)} that keeps the output finite: use a smaller scale")]
    return []


def _exponential(x, digits):
    """JavaScript's toExponential(digits)."""
    if x != x:
        return "NaN"
    if x == float("inf"):
        return "Infinity"
    mantissa, exp = f"{x:.{digits}e}".split("e")
    return f"{mantissa}e{'+' if int(exp) >= 0 else '-'}{abs(int(exp))}"


def _plain(value):
    """schema/json.ts plainJson for parsed JSON: depth and size limits (NaN/Infinity never parse)."""
    budget = [MAX_VALUES]

    def at(path, key):
        if isinstance(key, int):
            return f"{path}[{key}]"
        return f"{path}.{key}" if path else key

    def walk(v, path, depth):
        budget[0] -= 1
        if budget[0] < 0:
            raise PipelineError([("", f"more than {MAX_VALUES} values: a pipeline file is far smaller; is this the right file?")])
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            raise PipelineError([(path, f"expected a JSON number, got {js_number(v)}")])
        if isinstance(v, (list, dict)):
            if depth >= MAX_DEPTH:
                raise PipelineError([(path, f"nested more than {MAX_DEPTH} levels deep: a pipeline file is far flatter")])
            items = enumerate(v) if isinstance(v, list) else v.items()
            for k, item in items:
                walk(item, at(path, k), depth + 1)

    walk(value, "", 0)
    return value


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def _envelope(doc):
    out = _Issues()
    name = doc.get("name", UNDEFINED)
    if name is not UNDEFINED:
        if not isinstance(name, str):
            out.add("name", "expected text", True)
        elif len(name) > 200:
            out.add("name", "expected at most 200 characters")
    modality = doc.get("modality", "image")
    if modality not in ("image", "series") or not isinstance(modality, str):
        out.add("modality", f'expected "image" or "series", got {echo(modality)}', True)
    seed = doc.get("seed", 0)
    seed_msg = f"expected an integer from 0 to {MAX_SEED}, got {echo(seed)}"
    if not _is_number(seed) or not _is_int(seed):
        out.add("seed", seed_msg, True)
    else:
        if seed < 0:
            out.add("seed", seed_msg)
        if seed > MAX_SEED:
            out.add("seed", seed_msg)
    steps = doc.get("steps", UNDEFINED)
    if not isinstance(steps, list):
        out.add("steps", f"expected a list of steps, got {echo(steps)}", True)
    elif len(steps) > MAX_STEPS:
        out.add("steps", f"expected at most {MAX_STEPS} steps, got {len(steps)}")
    output = doc.get("output", {"layout": "NHWC", "dtype": "float32"})
    if not isinstance(output, dict):
        out.add("output", f"Invalid input: expected object, received {_js_type(output)}", True)
    else:
        layout = output.get("layout", "NHWC")
        if layout not in LAYOUTS:
            out.add("output.layout", f'expected "NHWC" or "NCHW", got {echo(layout)}', True)
        dtype = output.get("dtype", "float32")
        if dtype != "float32":
            out.add("output.dtype", f'expected "float32", got {echo(dtype)}', True)
        extra = [k for k in output if k not in ("layout", "dtype")]
        if extra:
            out.add("output", f"unknown field{'s' if len(extra) > 1 else ''} {_key_list(extra)}")
    extra = [k for k in doc if k not in ("format", "version", "name", "modality", "seed", "steps", "groups", "batch", "targets", "output")]
    targets = doc.get("targets", UNDEFINED)
    if targets is not UNDEFINED and targets != ["image"] and targets != ["image", "mask"]:
        out.add("targets", f'expected ["image"] or ["image", "mask"], got {echo(targets)}')
    if extra:
        out.add("", f"unknown field{'s' if len(extra) > 1 else ''} {_key_list(extra)}")
    return out


def _js_type(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def parse_pipeline(value):
    """Reads a pipeline from JSON text, bytes or a parsed dict. Raises PipelineError naming each bad field;
    never guesses at a version it does not know."""
    if isinstance(value, (bytes, bytearray)):
        value = value.decode("utf-8")
    if isinstance(value, str):
        try:
            value = json.loads(value, parse_constant=_refuse_constant)
        except (json.JSONDecodeError, ValueError, RecursionError) as e:
            raise PipelineError([("", f"not valid JSON: {_cut(str(e), 200)}")]) from None
    _plain(value)
    if not isinstance(value, dict):
        raise PipelineError([("", f'expected a pipeline object {{"format": "{PIPELINE_FORMAT}", ...}}, got {echo(value)}')])
    doc = value
    if doc.get("format", UNDEFINED) != PIPELINE_FORMAT:
        raise PipelineError([("format", f"expected \"{PIPELINE_FORMAT}\", got {echo(doc.get('format', UNDEFINED))}: this is not an augplay pipeline file")])
    version = doc.get("version", UNDEFINED)
    if not _is_int(version) or version < 1:
        raise PipelineError([("version", f"expected a positive integer, got {echo(version)}")])
    if version > PIPELINE_VERSION:
        raise PipelineError([("version", f"this file is pipeline version {js_number(version)}, made by a newer augplay; this app reads versions up to {PIPELINE_VERSION}. Update augplay to open it.")])
    if version < 2 and "groups" in doc:
        raise PipelineError([("groups", 'groups of steps came in pipeline version 2: set "version": 2 to use them')])
    if version < 2 and "targets" in doc:
        raise PipelineError([("targets", 'targets came in pipeline version 2: set "version": 2 to use them')])
    if version < 2 and "batch" in doc:
        raise PipelineError([("batch", 'batch steps (mixUp, cutMix) came in pipeline version 2: set "version": 2 to use them')])
    # Groups of steps and batch steps (version 2) are read as they are: they are augment-only, so
    # inference (preprocess steps) runs here; run_pipeline refuses training mode with groups, and
    # batch steps (mixUp, cutMix) mix a batch, never one image. The TypeScript parser checks them.
    for field in ("groups", "batch"):
        if doc.get(field, UNDEFINED) is not UNDEFINED and not isinstance(doc[field], list):
            raise PipelineError([(field, f"expected a list, got {echo(doc[field])}")])
    v = int(version)
    while v in MIGRATIONS:
        doc = dict(MIGRATIONS[v](doc), version=v + 1)
        v += 1
    env = _envelope(doc)
    if env.items:
        raise PipelineError([(p, m) for p, m, _ in env.items])
    issues = []
    steps = []
    series = doc.get("modality", "image") == "series"
    if series:
        from .series import parse_series_step
    for i, raw in enumerate(doc["steps"]):
        step = parse_series_step(raw, f"steps[{i}]", issues) if series else _parse_step(raw, f"steps[{i}]", issues)
        if step:
            steps.append(step)
    if series:
        # Order and value-range rules are about pixel values; series steps have none of them.
        if doc.get("groups"):
            issues.append(("groups", "groups of steps are for image pipelines; a time-series pipeline lists its steps only"))
        if doc.get("batch"):
            issues.append(("batch", "batch steps (mixUp, cutMix) are for image pipelines"))
        if issues:
            raise PipelineError(issues)
        if doc.get("targets") == ["image", "mask"]:
            raise PipelineError([("targets", "masks are for image pipelines; a time-series pipeline has the series alone")])
    if not issues and not series:
        _check_order(steps, issues)
    if not issues and not series:
        issues.extend(_value_issues(steps))
    if issues:
        raise PipelineError(issues)
    output = doc.get("output", {})
    out = {
        "format": PIPELINE_FORMAT,
        "version": PIPELINE_VERSION,
        "modality": doc.get("modality", "image"),
        "seed": int(doc.get("seed", 0)),
        "steps": steps,
        "output": {"layout": output.get("layout", "NHWC"), "dtype": "float32"},
    }
    if "name" in doc:
        out["name"] = doc["name"]
    for field in ("groups", "batch"):
        if doc.get(field):
            out[field] = doc[field]
    if doc.get("targets") == ["image", "mask"]:
        out["targets"] = ["image", "mask"]
    return out
