"""Ops the TypeScript library has and this port does not run yet (ops.NOT_PORTED): a pipeline that holds
them parses and runs at inference (augment steps are skipped there); training stops with a message
that names the op."""

import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from augplay.ops import NOT_PORTED, OPS  # noqa: E402
from augplay.run import run_pipeline  # noqa: E402
from augplay.schema import PipelineError, parse_pipeline  # noqa: E402


class NotPortedTest(unittest.TestCase):
    def test_inference_runs_training_names_the_op(self):
        image = np.arange(8 * 6 * 3, dtype=np.uint8).reshape(6, 8, 3)
        for name in NOT_PORTED:
            self.assertIn(name, OPS)
            p = parse_pipeline({"format": "augplay.pipeline", "version": 2, "steps": [{"op": name, "p": 1}, {"op": "rescale"}]})
            run_pipeline(p, image, mode="inference")
            with self.assertRaises(PipelineError) as caught:
                run_pipeline(p, image, mode="train")
            self.assertIn(f"{name} is not supported by the Python port", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
