"""The policy ops and AugMix in the Python port, in training: AugMix's space against torchvision's
AugMix._augmentation_space(10, (224, 200)), its weights (sum 1), the mask rule (colour ops only), identity at
severity 0, and every policy op training with groups. Agreement with TypeScript, draw for draw and byte for
byte, is in test_conformance (the "policies", "augMix" and "groups" cases)."""

import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from augplay import parse_pipeline, run_pipeline  # noqa: E402
from augplay.ops import Shape  # noqa: E402
from augplay.policies import AUGMIX_ALL_OPS_EXTRA, AUGMIX_SPACE, augmix_ops  # noqa: E402


def linspace(a, b):
    return [a + (b - a) * k / 9 for k in range(10)]


# torchvision 0.19 transforms/autoaugment.py AugMix._augmentation_space(10, (224, 200)), all_ops=True, in key order.
TORCHVISION = [
    ("ShearX", linspace(0, 0.3), True), ("ShearY", linspace(0, 0.3), True),
    ("TranslateX", linspace(0, 200 / 3), True), ("TranslateY", linspace(0, 224 / 3), True),
    ("Rotate", linspace(0, 30), True), ("Posterize", [4, 4, 3, 3, 2, 2, 1, 1, 0, 0], False),
    ("Solarize", linspace(255, 0), False), ("AutoContrast", None, False), ("Equalize", None, False),
    ("Brightness", linspace(0, 0.9), True), ("Color", linspace(0, 0.9), True),
    ("Contrast", linspace(0, 0.9), True), ("Sharpness", linspace(0, 0.9), True),
]
IMAGE = ((np.arange(14 * 11 * 3) * 37) % 256).astype(np.uint8).reshape(11, 14, 3)


def doc(steps, **extra):
    return parse_pipeline({"format": "augplay.pipeline", "version": 2, "seed": 9, "steps": steps, **extra})


class AugMixSpace(unittest.TestCase):
    def test_ops_values_and_signs_match_torchvision(self):
        shape = Shape(200, 224, 3)
        self.assertEqual(augmix_ops(True, False), [name for name, _, _ in TORCHVISION])
        self.assertEqual(augmix_ops(False, False), [name for name, _, _ in TORCHVISION[:9]])
        self.assertEqual(augmix_ops(True, True), ["Posterize", "Solarize", "AutoContrast", "Equalize", "Brightness", "Color", "Contrast", "Sharpness"])
        for name, values, signed in TORCHVISION:
            e = AUGMIX_SPACE.get(name) or AUGMIX_ALL_OPS_EXTRA[name]
            self.assertEqual((e["signed"], e["scaled"]), (signed, values is not None), name)
            for k, v in enumerate(values or []):
                self.assertAlmostEqual(e["value"](k, shape), v, places=12, msg=f"{name} level {k}")


class Training(unittest.TestCase):
    def test_augmix_weights_sum_to_one_and_severity_zero_keeps_the_image(self):
        p = doc([{"op": "augMix", "p": 1}])
        for index in range(50):
            args = run_pipeline(p, IMAGE, index=index).trace[0]["args"]
            self.assertAlmostEqual(args["original"] + sum(c["weight"] for c in args["chains"]), 1, places=12)
        still = doc([{"op": "augMix", "p": 1, "params": {"severity": 0}}])
        for index in range(5):
            np.testing.assert_array_equal(run_pipeline(still, IMAGE, index=index).data, IMAGE.astype(np.float32))

    def test_augmix_with_a_mask_keeps_to_colour_ops_and_the_mask(self):
        mask = (np.arange(14 * 11) % 3).astype(np.uint8).reshape(11, 14)
        p = doc([{"op": "augMix", "p": 1, "params": {"chainDepth": 3}}])
        for index in range(30):
            out = run_pipeline(p, IMAGE, index=index, mask=mask)
            np.testing.assert_array_equal(out.mask, mask)
            for chain in out.trace[0]["args"]["chains"]:
                for o in chain["ops"]:
                    self.assertNotIn(o["name"], ("ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate"))

    def test_policy_ops_train_inside_groups_deterministically(self):
        steps = [{"op": "randAugment"}, {"op": "trivialAugmentWide"}, {"op": "autoAugment"}, {"op": "augMix"}, {"op": "rescale"}]
        p = doc(steps, groups=[{"kind": "someOf", "first": 0, "count": 4, "n": [1, 2]}])
        seen = set()
        for index in range(40):
            a = run_pipeline(p, IMAGE, epoch=2, index=index)
            b = run_pipeline(p, IMAGE, epoch=2, index=index)
            np.testing.assert_array_equal(a.data, b.data)
            self.assertEqual(a.data.shape, (11, 14, 3))
            self.assertTrue(np.all((a.data >= 0) & (a.data <= 1)))
            ran = [t["op"] for t in a.trace if t["applied"] and t["op"] != "rescale"]
            self.assertIn(len(ran), (1, 2))
            seen.update(ran)
        self.assertEqual(seen, {"randAugment", "trivialAugmentWide", "autoAugment", "augMix"})


if __name__ == "__main__":
    unittest.main()
