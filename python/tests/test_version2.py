"""Pipeline version 2 in the Python port: version 1 files migrate; groups of steps and batch steps
(mixUp, cutMix) are read, inference runs (they are augment-only), and training runs the groups
(their draws against TypeScript's are in test_conformance's "groups" cases)."""

import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from augplay import PipelineError, parse_pipeline, run_pipeline  # noqa: E402

STEPS = [{"op": "flip", "p": 1}, {"op": "resize", "params": {"width": 6, "height": 5}}, {"op": "rescale"}]
IMAGE = (np.arange(8 * 7 * 3) % 256).astype(np.uint8).reshape(8, 7, 3)


class Version2(unittest.TestCase):
    def test_v1_migrates_to_v2_with_the_same_output(self):
        v1 = parse_pipeline({"format": "augplay.pipeline", "version": 1, "steps": STEPS})
        v2 = parse_pipeline({"format": "augplay.pipeline", "version": 2, "steps": STEPS})
        self.assertEqual(v1, v2)
        self.assertEqual(v1["version"], 2)
        np.testing.assert_array_equal(run_pipeline(v1, IMAGE, epoch=1, index=3).data, run_pipeline(v2, IMAGE, epoch=1, index=3).data)

    def test_groups_and_batch_steps(self):
        doc = {"format": "augplay.pipeline", "version": 2, "steps": STEPS, "groups": [{"kind": "oneOf", "first": 0, "count": 1}], "batch": [{"op": "mixUp"}]}
        p = parse_pipeline(doc)
        plain = parse_pipeline({"format": "augplay.pipeline", "version": 2, "steps": STEPS})
        np.testing.assert_array_equal(run_pipeline(p, IMAGE, mode="inference").data, run_pipeline(plain, IMAGE, mode="inference").data)
        # oneOf over the one flip step: it runs for every sample, so training equals the plain pipeline's.
        for index in range(4):
            np.testing.assert_array_equal(run_pipeline(p, IMAGE, mode="train", index=index).data, run_pipeline(plain, IMAGE, mode="train", index=index).data)
        off = parse_pipeline({**doc, "groups": [{"kind": "oneOf", "first": 0, "count": 1, "enabled": False}]})
        out = run_pipeline(off, IMAGE, mode="train")
        self.assertEqual(out.trace[-1], {"step": 0, "op": "flip", "applied": False})
        with self.assertRaisesRegex(PipelineError, r"groups: groups of steps came in pipeline version 2"):
            parse_pipeline({**doc, "version": 1})


if __name__ == "__main__":
    unittest.main()
