"""The PyTorch folder of a time-series model export (the 1-D CNN and the series MLP): raw series
files read and prepared by the bundle's own predict.py (working length, then the pipeline through
augplay/series.py) give tfjs's logits in PyTorch; predict.py answers on a file; train.py trains an
epoch on a folder of series files and the loss goes down. Fixtures: `npm run fixtures`."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
FIXTURES = os.path.join(os.environ.get("AUGPLAY_FIXTURES_DIR", os.path.join(HERE, "fixtures")), "torch-series")

try:
    import torch
except ImportError:  # pragma: no cover - CI installs python3-torch
    torch = None

# The image bundles' helpers and limits: 1e-4 on a logit (float32 on both sides, other summation
# orders; the pipeline's values are the same to the bit, test_series.py), 90 s for a run.
from test_torch import LOGIT_TOLERANCE, RUN_TIMEOUT_S, bundle_modules, logit_difference  # noqa: E402
from test_torch import cases as torch_cases  # noqa: E402


def cases():
    return torch_cases(FIXTURES)


@unittest.skipIf(torch is None, "PyTorch is not installed (apt-get install python3-torch)")
class SeriesTorchBundle(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="augplay-torch-series-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_logits_equal_tfjs_on_raw_series_through_the_python_pipeline(self):
        worst = 0.0
        for case in cases():
            root = os.path.join(FIXTURES, case["name"])
            folder = os.path.join(root, "pytorch")
            model_module, predict = bundle_modules(folder, ("model", "predict"))
            model = model_module.load_model(folder)
            self.assertEqual(type(model).__name__, {"cnn1d": "SeriesCNN", "mlp1d": "SeriesMLP"}.get(case["preset"], "AugplayNet"))
            pipeline, classes, metadata = predict.load_bundle(folder)
            self.assertEqual(metadata["modality"], "series")
            files = [os.path.join(root, "series", f"{k}.csv") for k in range(case["batch"])]
            x = np.stack([predict.prepare(predict.read_series(f), pipeline, metadata) for f in files])
            self.assertEqual(list(x.shape[1:]), case["sampleShape"])
            want = np.fromfile(os.path.join(root, "logits.bin"), dtype="<f4").reshape(case["batch"], case["classes"])
            diff = logit_difference(model, x, want)
            worst = max(worst, diff)
            self.assertLessEqual(diff, LOGIT_TOLERANCE, f"{case['name']}: logits differ by {diff}")
        print(f"\n  series models: PyTorch logits = tfjs logits within {worst:.2e} ({len(cases())} models, raw series through augplay/series.py)")

    def test_predict_and_train_on_series_files(self):
        case = next(c for c in cases() if c["preset"] == "cnn1d" and c["sampleShape"][2] == 3)
        bundle = os.path.join(self.tmp, "bundle")
        shutil.copytree(os.path.join(FIXTURES, case["name"], "pytorch"), bundle)
        series = os.path.join(FIXTURES, case["name"], "series")
        env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")
        done = subprocess.run([sys.executable, os.path.join(bundle, "predict.py"), series, "--json", "--top", "3"], capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=env)
        self.assertEqual(done.returncode, 0, done.stderr)
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        self.assertEqual(len(rows), case["batch"])
        self.assertAlmostEqual(sum(c["probability"] for c in rows[0]["top"]), 1, places=5)
        # A file with the wrong channel count is refused by name.
        bad = os.path.join(self.tmp, "bad.csv")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("x,y\n1,2\n3,4\n")
        done = subprocess.run([sys.executable, os.path.join(bundle, "predict.py"), bad], capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=env)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("bad.csv: 2 channels; the model was trained on 3", done.stderr)

        # Three classes a 1-D CNN separates at once: rising, falling, oscillating (with a header row).
        data = os.path.join(self.tmp, "data")
        rng = np.random.default_rng(3)
        t = np.linspace(0, 1, 30)
        shapes = {"tap": lambda: t, "swipe": lambda: 1 - t, "shake": lambda: np.sin(t * 25)}
        for name, make in shapes.items():
            os.makedirs(os.path.join(data, name))
            for i in range(8):
                x = np.stack([make() * (c + 1) + rng.normal(0, 0.05, t.size) for c in range(3)], axis=1)
                np.savetxt(os.path.join(data, name, f"{i}.csv"), x, delimiter=",", header="x,y,z", comments="")
        out = os.path.join(self.tmp, "run")
        done = subprocess.run([sys.executable, os.path.join(bundle, "train.py"), "--data", data, "--epochs", "2", "--batch-size", "8", "--lr", "0.01", "--out", out], capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=env)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        with open(os.path.join(out, "metrics.json"), encoding="utf-8") as f:
            metrics = json.load(f)
        self.assertEqual(metrics[0]["samples_per_rank"], 24)
        self.assertLess(metrics[-1]["loss_after"], metrics[0]["loss_before"], done.stdout)
        print(f"\n  series train.py: loss {metrics[0]['loss_before']:.3f} -> {metrics[-1]['loss_after']:.3f} after 2 epochs")


class SeriesFiles(unittest.TestCase):
    """The series file reader and the working length, as the app's Predict box and import."""

    def setUp(self):
        sys.path.insert(0, os.path.join(HERE, ".."))

    def tearDown(self):
        sys.path.remove(os.path.join(HERE, ".."))

    def test_reader_and_working_length(self):
        from augplay.series import parse_series_text, to_working_length

        self.assertEqual(parse_series_text("a,b\n1,2\n3,4\n").tolist(), [[1, 2], [3, 4]])
        self.assertEqual(parse_series_text("1 2 3").tolist(), [[1], [2], [3]])
        with self.assertRaisesRegex(ValueError, r"f\.csv, line 3: 1 values, the first line has 2"):
            parse_series_text("1,2\n3,4\n5", "f.csv")
        with self.assertRaisesRegex(ValueError, r"f\.csv, line 2: 'nan' is not a number"):
            parse_series_text("1\nnan\n2", "f.csv")
        with self.assertRaisesRegex(ValueError, "no values"):
            parse_series_text("\n\n", "f.csv")
        x = np.array([[0], [1], [2], [3]], dtype=np.float32)
        self.assertEqual(to_working_length(x, 7, "resample")[:, 0].tolist(), [0, 0.5, 1, 1.5, 2, 2.5, 3])
        self.assertEqual(to_working_length(x, 6, "cropOrPad")[:, 0].tolist(), [0, 1, 2, 3, 0, 0])
        self.assertEqual(to_working_length(x, 2, "cropOrPad")[:, 0].tolist(), [0, 1])
        with self.assertRaisesRegex(ValueError, "lengthRule"):
            to_working_length(x, 2, "stretch")


if __name__ == "__main__":
    unittest.main()
