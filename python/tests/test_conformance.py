"""The Python pipeline against the TypeScript library's own outputs (fixtures written at test time by
`npm run fixtures` from today's src/pipeline): same draws, same values within the stated bounds."""

import base64
import json
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from augplay import OPS, PipelineError, parse_pipeline, run_pipeline  # noqa: E402

FIXTURES = os.environ.get("AUGPLAY_FIXTURES_DIR", os.path.join(os.path.dirname(__file__), "fixtures"))

# Ops the Python port refuses for now (none: every op is ported).
PENDING = set()


def load(name):
    path = os.path.join(FIXTURES, name)
    if not os.path.exists(path):
        raise unittest.SkipTest(f"{path} is missing: run `npm run fixtures` first (npm run test:python does)")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def close_trace(a, b, path="trace"):
    """Drawn arguments equal, floats to 1e-12 relative (exp/log/tan may differ by an ulp between libms)."""
    if isinstance(a, float) or isinstance(b, float):
        if not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12):
            return f"{path}: {a} != {b}"
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return f"{path}: keys {sorted(a)} != {sorted(b)}"
        for k in a:
            err = close_trace(a[k], b[k], f"{path}.{k}")
            if err:
                return err
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            err = close_trace(x, y, f"{path}[{i}]")
            if err:
                return err
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


class Conformance(unittest.TestCase):
    def test_cases(self):
        cases = load("cases.json")
        checked = 0
        worst = 0.0
        failures = []
        for case in cases:
            ops = {s["op"] for s in case["pipeline"]["steps"]}
            if ops & PENDING:
                continue
            img = case["image"]
            image = np.frombuffer(base64.b64decode(img["data"]), dtype=np.uint8).reshape(img["height"], img["width"], img["channels"])
            mask = None
            if "mask" in case:
                mask = np.frombuffer(base64.b64decode(case["mask"]), dtype=np.uint8).reshape(img["height"], img["width"])
            exp = case["expect"]
            if "error" in exp:
                with self.assertRaises(PipelineError, msg=case["name"]) as ctx:
                    run_pipeline(case["pipeline"], image, epoch=case["epoch"], index=case["index"], mode=case["mode"], reference=case["reference"], mask=mask)
                self.assertEqual(str(ctx.exception), exp["error"], case["name"])
                continue
            out = run_pipeline(case["pipeline"], image, epoch=case["epoch"], index=case["index"], mode=case["mode"], reference=case["reference"], mask=mask)
            want = np.frombuffer(base64.b64decode(exp["data"]), dtype=np.float32)
            shape = (exp["channels"], exp["height"], exp["width"]) if exp["layout"] == "NCHW" else (exp["height"], exp["width"], exp["channels"])
            if out.data.shape != shape:
                failures.append(f"{case['name']}: shape {out.data.shape} != {shape}")
                continue
            err = close_trace(json.loads(json.dumps(out.trace)), exp["trace"])
            if err:
                failures.append(f"{case['name']}: {err}")
                continue
            diff = float(np.max(np.abs(out.data.ravel().astype(np.float64) - want.astype(np.float64)))) if want.size else 0.0
            worst = max(worst, diff / case["tolerance"] if case["tolerance"] else (math.inf if diff else 0))
            if diff > case["tolerance"] * (1 + 1e-6):
                bad = int(np.argmax(np.abs(out.data.ravel() - want)))
                failures.append(f"{case['name']}: max difference {diff} > {case['tolerance']} (value {bad}: {out.data.ravel()[bad]} vs {want[bad]})")
            if "mask" in exp:
                want_mask = np.frombuffer(base64.b64decode(exp["mask"]), dtype=np.uint8)
                if not np.array_equal(out.mask.ravel(), want_mask):
                    failures.append(f"{case['name']}: mask differs")
            checked += 1
        self.assertFalse(failures, f"{len(failures)} of {len(cases)} cases differ:\n" + "\n".join(failures[:25]))
        self.assertGreater(checked, 300)
        print(f"\n  {checked} conformance cases match (worst difference {worst:.3g} of the allowed bound)")

    def test_error_messages(self):
        failures = []
        for case in load("errors.json"):
            try:
                parse_pipeline(case["input"])
                got = ""
            except PipelineError as e:
                got = str(e)
            if got != case["message"]:
                failures.append(f"{case['name']}:\n    ts: {case['message']!r}\n    py: {got!r}")
        self.assertFalse(failures, "\n".join(failures))

    def test_catalogue(self):
        """The Python op table holds the same ops and parameter specs as the TypeScript registry."""
        ts = load("ops.json")
        self.assertEqual([o["name"] for o in ts], list(OPS))
        for o in ts:
            op = OPS[o["name"]]
            self.assertEqual((o["stage"], o["defaultP"], o["domain"], o["leavesPixelRange"], o["setsSize"]), (op.stage, op.default_p, op.domain, op.leaves_pixel_range, op.output_shape is not None), o["name"])
            self.assertEqual(list(o["params"]), list(op.params), o["name"])
            for name, spec in o["params"].items():
                mine = op.params[name]
                for key in ("kind", "default", "min", "max", "options", "lengths"):
                    if key in spec:
                        self.assertEqual(mine.get(key), spec[key], f"{o['name']}.{name}.{key}")
                self.assertEqual(bool(mine.get("integer")), bool(spec.get("integer")), f"{o['name']}.{name}.integer")
                self.assertEqual(bool(mine.get("exclusiveMin")), bool(spec.get("exclusiveMin")), f"{o['name']}.{name}.exclusiveMin")
                self.assertEqual(mine.get("unit"), spec.get("unit"), f"{o['name']}.{name}.unit")


if __name__ == "__main__":
    unittest.main()
