"""toPreprocessorConfig's preprocessor_config.json read by transformers' AutoImageProcessor, against the
pipeline's own output (fixtures: `npm run fixtures`). Runs where transformers is installed (it is
not a dependency of augplay; CI's Debian has none, so there it is skipped)."""

import base64
import json
import os
import tempfile
import unittest

import numpy as np

FIXTURES = os.environ.get("AUGPLAY_FIXTURES_DIR", os.path.join(os.path.dirname(__file__), "fixtures"))

try:
    from transformers import AutoImageProcessor
except Exception:  # noqa: BLE001 - any import failure means: not available here
    AutoImageProcessor = None

# Bounds per case, in output units: mappings without a resize are exact up to float rounding; a
# resize is the runtimes' own kernel (README "Taking it further"): reported, not bounded.
EXACT = 1e-5
BOUNDS = {
    "normalize only": EXACT,
    "rescale to [-1, 1]": EXACT,
    "same-size resize, centre crop, normalize": EXACT,
}


@unittest.skipIf(AutoImageProcessor is None, "transformers is not installed")
class HuggingFace(unittest.TestCase):
    def test_processor_gives_the_pipeline_values(self):
        path = os.path.join(FIXTURES, "hf.json")
        if not os.path.exists(path):
            raise unittest.SkipTest(f"{path} is missing: run `npm run fixtures` first")
        with open(path, encoding="utf-8") as f:
            cases = json.load(f)
        report = []
        for case in cases:
            img = case["image"]
            image = np.frombuffer(base64.b64decode(img["data"]), dtype=np.uint8).reshape(img["height"], img["width"], 3)
            exp = case["expect"]
            want = np.frombuffer(base64.b64decode(exp["data"]), dtype=np.float32).reshape(exp["height"], exp["width"], exp["channels"])
            with tempfile.TemporaryDirectory() as tmp:
                with open(os.path.join(tmp, "preprocessor_config.json"), "w", encoding="utf-8") as f:
                    json.dump(case["config"], f)
                processor = AutoImageProcessor.from_pretrained(tmp)
            got = np.asarray(processor(images=image, return_tensors="np")["pixel_values"][0]).transpose(1, 2, 0)
            self.assertEqual(got.shape, want.shape, case["name"])
            diff = float(np.max(np.abs(got - want)))
            scale = case["config"]["rescale_factor"] / (min(case["config"]["image_std"]) if case["config"]["do_normalize"] else 1)
            report.append(f"{case['name']}: {type(processor).__name__}, max difference {diff:.3g} ({diff / scale:.2f} levels)")
            if case["name"] in BOUNDS:
                self.assertLessEqual(diff, BOUNDS[case["name"]], report[-1])
        print("\n  " + "\n  ".join(report))


if __name__ == "__main__":
    unittest.main()
