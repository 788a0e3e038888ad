"""The Python time-series pipelines against the TypeScript library's own outputs (series.json, written
at test time by `npm run fixtures` from today's src/pipeline/series): the same drawn arguments, the
same values within the stated bound, the same messages for bad series pipelines, the same catalogue.

Bound: TypeScript computes in float64 and stores float32 after each op; the port does the same float64
operations in the same order and rounds at the same places, so values match bit for bit except where
libm's cos/sin/hypot (channelRotation's matrix) differ by an ulp in float64, which can move a float32
result by one ulp (2^-23 relative) per op. Allowed: |py - ts| <= 4 * 2^-23 * max(1, |ts|)."""

import base64
import json
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from augplay import SERIES_OPS, PipelineError, parse_pipeline, run_pipeline, run_series_pipeline, series_output_length  # noqa: E402
from test_conformance import close_trace, load  # noqa: E402

ULPS = 4
EPS32 = 2.0**-23


def f32(text, length, channels):
    return np.frombuffer(base64.b64decode(text), dtype=np.float32).reshape(length, channels)


class SeriesConformance(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fx = load("series.json")

    def test_cases(self):
        failures, checked, exact, worst = [], 0, 0, 0.0
        ops_seen = set()
        for case in self.fx["cases"]:
            s = case["series"]
            exp = case["expect"]
            out = run_series_pipeline(case["pipeline"], f32(s["data"], s["length"], s["channels"]), epoch=case["epoch"], index=case["index"], mode=case["mode"])
            want = f32(exp["data"], exp["length"], exp["channels"])
            if out.data.shape != want.shape or out.data.dtype != np.float32:
                failures.append(f"{case['name']}: shape {out.data.shape} {out.data.dtype} != {want.shape} float32")
                continue
            err = close_trace(json.loads(json.dumps(out.trace)), exp["trace"])
            if err:
                failures.append(f"{case['name']}: {err}")
                continue
            diff = np.abs(out.data.astype(np.float64) - want.astype(np.float64))
            bound = ULPS * EPS32 * np.maximum(1.0, np.abs(want.astype(np.float64)))
            worst = max(worst, float(np.max(diff / bound)) if diff.size else 0.0)
            if np.any(diff > bound):
                bad = int(np.argmax(diff - bound))
                failures.append(f"{case['name']}: value {bad}: {out.data.ravel()[bad]} vs {want.ravel()[bad]}")
            exact += int(np.array_equal(out.data, want))
            checked += 1
            ops_seen.update(t["op"] for t in out.trace if t["applied"])
        self.assertFalse(failures, f"{len(failures)} of {len(self.fx['cases'])} series cases differ:\n" + "\n".join(failures[:25]))
        self.assertEqual(ops_seen, set(SERIES_OPS) - set(self.fx["pending"]))
        print(f"\n  {checked} series conformance cases match ({exact} bit for bit; worst difference {worst:.3g} of the allowed bound)")

    def test_output_length(self):
        for case in self.fx["cases"][:60]:
            self.assertEqual(series_output_length(case["pipeline"], case["series"]["length"]), case["expect"]["length"], case["name"])

    def test_error_messages(self):
        failures = []
        for case in self.fx["errors"]:
            try:
                parse_pipeline(case["input"])
                got = ""
            except PipelineError as e:
                got = str(e)
            if got != case["message"]:
                failures.append(f"{case['name']}:\n    ts: {case['message']!r}\n    py: {got!r}")
        self.assertFalse(failures, "\n".join(failures))

    def test_catalogue(self):
        """The Python series op table holds the same ops and parameter specs as the TypeScript one."""
        ts = self.fx["ops"]
        self.assertEqual([o["name"] for o in ts], list(SERIES_OPS))
        for o in ts:
            op = SERIES_OPS[o["name"]]
            self.assertEqual((o["stage"], o["defaultP"], o["setsLength"]), (op.stage, op.default_p, op.output_length is not None), o["name"])
            self.assertEqual(list(o["params"]), list(op.params), o["name"])
            for name, spec in o["params"].items():
                mine = op.params[name]
                for key in ("kind", "default", "min", "max", "options", "lengths"):
                    if key in spec:
                        self.assertEqual(mine.get(key), spec[key], f"{o['name']}.{name}.{key}")
                self.assertEqual(bool(mine.get("integer")), bool(spec.get("integer")), f"{o['name']}.{name}.integer")
                self.assertEqual(bool(mine.get("exclusiveMin")), bool(spec.get("exclusiveMin")), f"{o['name']}.{name}.exclusiveMin")
                self.assertEqual(mine.get("unit"), spec.get("unit"), f"{o['name']}.{name}.unit")

    def test_modalities_do_not_mix(self):
        series = self.fx["cases"][0]["pipeline"]
        with self.assertRaisesRegex(PipelineError, "run_series_pipeline"):
            run_pipeline(series, np.zeros((4, 4, 3), dtype=np.uint8))
        image = {"format": "augplay.pipeline", "version": 2, "steps": [{"op": "flip"}]}
        with self.assertRaisesRegex(PipelineError, 'modality "image", not time series'):
            run_series_pipeline(image, np.zeros((8, 1), dtype=np.float32))

    def test_input_is_not_changed(self):
        x = np.linspace(-1, 1, 30, dtype=np.float32).reshape(10, 3)
        keep = x.copy()
        doc = {"format": "augplay.pipeline", "version": 2, "modality": "series", "steps": [{"op": "dropout", "p": 1, "params": {"rate": [0.5, 0.5]}}, {"op": "reverse", "p": 1}]}
        out = run_series_pipeline(doc, x, index=3)
        self.assertTrue(np.array_equal(x, keep))
        self.assertFalse(np.shares_memory(out.data, x))


if __name__ == "__main__":
    unittest.main()
