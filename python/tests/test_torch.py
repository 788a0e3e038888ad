"""The PyTorch bundle of a model export: the converted model gives tfjs's logits, train.py trains on
two processes (gloo, started the way torchrun starts them) and the loss goes down, a killed rank
makes the other fail loudly, and predict.py answers. Fixtures: `npm run fixtures` (tfjs CPU in Node)."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.environ.get("AUGPLAY_FIXTURES_DIR", os.path.join(HERE, "fixtures")), "torch")
sys.path.insert(0, os.path.join(HERE, ".."))

try:
    import torch
except ImportError:  # pragma: no cover - CI installs python3-torch
    torch = None

# Largest |tfjs - PyTorch| allowed on a logit (float32 on both sides, different summation orders).
LOGIT_TOLERANCE = 1e-4
# A run that needs longer than this is hung, not slow: the tiny data trains in seconds.
RUN_TIMEOUT_S = 90


def cases(fixtures=FIXTURES):
    path = os.path.join(fixtures, "cases.json")
    if not os.path.exists(path):
        raise unittest.SkipTest(f"{path} is missing: run `npm run fixtures` first (npm run test:python does)")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def bundle_modules(folder, names=("model",)):
    """A bundle's own modules (model.py, predict.py...), imported fresh from its folder, as `python predict.py` does there."""
    import importlib

    for name in (*names, "augplay", "model", "predict", "train"):
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]
    sys.path.insert(0, folder)
    try:
        return [importlib.import_module(n) for n in names]
    finally:
        sys.path.remove(folder)


def logit_difference(model, x, want):
    """Largest |PyTorch - tfjs| over a batch of logits."""
    with torch.no_grad():
        got = model(torch.from_numpy(x)).numpy()
    return float(np.max(np.abs(got - want)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tiny_folder(root, size=16, per_class=12):
    """Three classes that a small CNN separates at once: a bright patch in a different place."""
    from augplay.images import write_png

    rng = np.random.default_rng(5)
    for k, name in enumerate(["circle", "square", "triangle"]):
        os.makedirs(os.path.join(root, name))
        for i in range(per_class):
            img = rng.integers(0, 60, (size, size, 3), dtype=np.uint8)
            x0 = [1, size // 2, size // 4][k]
            img[x0 : x0 + size // 3, x0 : x0 + size // 3, k] = 250
            write_png(os.path.join(root, name, f"{i:03d}.png"), img)


def start_ranks(bundle, args, world, port, log_dir):
    """What torchrun does: one process per rank with RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR/PORT."""
    procs = []
    for rank in range(world):
        env = dict(os.environ, RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(world), LOCAL_WORLD_SIZE=str(world), MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), OMP_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")
        out = open(os.path.join(log_dir, f"rank{rank}.log"), "w+")
        procs.append((subprocess.Popen([sys.executable, os.path.join(bundle, "train.py"), *args], cwd=log_dir, env=env, stdout=out, stderr=subprocess.STDOUT), out))
    return procs


def read_log(out):
    out.flush()
    out.seek(0)
    return out.read()


@unittest.skipIf(torch is None, "PyTorch is not installed (apt-get install python3-torch)")
class TorchBundle(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="augplay-torch-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def bundle(self, name):
        dst = os.path.join(self.tmp, name)
        shutil.copytree(os.path.join(FIXTURES, name, "pytorch"), dst)
        return dst

    def test_logits_equal_tfjs(self):
        worst = 0.0
        for case in cases():
            folder = os.path.join(FIXTURES, case["name"], "pytorch")
            (model_module,) = bundle_modules(folder)
            model = model_module.load_model(folder)
            self.assertEqual(type(model).__name__, {"mlp": "MLP", "cnn-small": "SmallCNN", "cnn-deep": "DeepCNN"}[case["name"].rsplit("-", 1)[0]])
            x = np.fromfile(os.path.join(FIXTURES, case["name"], "inputs.bin"), dtype="<f4").reshape(case["batch"], *case["sampleShape"])
            want = np.fromfile(os.path.join(FIXTURES, case["name"], "logits.bin"), dtype="<f4").reshape(case["batch"], case["classes"])
            diff = logit_difference(model, x, want)
            worst = max(worst, diff)
            self.assertLessEqual(diff, LOGIT_TOLERANCE, f"{case['name']}: logits differ by {diff}")
        print(f"\n  converted logits = tfjs logits within {worst:.2e} ({len(cases())} models)")

    def test_two_ranks_train_and_loss_goes_down(self):
        bundle = self.bundle("cnn-small-NHWC")
        data = os.path.join(self.tmp, "data")
        tiny_folder(data)
        out = os.path.join(self.tmp, "run")
        # Three epochs of 3 steps a rank. The eval-mode loss (loss_before/after) is not the measure here:
        # batch norm's running statistics (momentum 0.01, as tfjs's 0.99) lag the weights for a few hundred
        # steps; the training batches' loss, summed over both ranks, shows the synchronised model learning.
        procs = start_ranks(bundle, ["--data", data, "--epochs", "3", "--batch-size", "6", "--lr", "0.003", "--out", out, "--timeout-s", "60"], 2, free_port(), self.tmp)
        try:
            codes = [p.wait(timeout=RUN_TIMEOUT_S) for p, _ in procs]
        finally:
            for p, _ in procs:
                p.kill()
        logs = [read_log(o) for _, o in procs]
        for _, o in procs:
            o.close()
        self.assertEqual(codes, [0, 0], "\n".join(logs))
        with open(os.path.join(out, "metrics.json"), encoding="utf-8") as f:
            metrics = json.load(f)
        self.assertEqual(metrics[0]["world_size"], 2)
        self.assertEqual(metrics[0]["samples_per_rank"], 18)  # 36 images shared by 2 ranks
        self.assertEqual([m["epoch"] for m in metrics], [0, 1, 2])
        self.assertLess(metrics[-1]["train_loss"], metrics[0]["train_loss"], logs[0])
        self.assertTrue(os.path.exists(os.path.join(out, "last.pt")))
        print(f"\n  2 ranks ({metrics[0]['backend']}): training loss {metrics[0]['train_loss']:.3f} (epoch 0) -> {metrics[-1]['train_loss']:.3f} (epoch 2)")
        # Resuming goes on from the checkpoint (one process, epoch 1).
        done = subprocess.run([sys.executable, os.path.join(bundle, "train.py"), "--data", data, "--epochs", "1", "--batch-size", "6", "--lr", "0.003", "--out", out, "--resume"], capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=dict(os.environ, OMP_NUM_THREADS="1"))
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("resumed from", done.stdout)
        self.assertIn("epoch 3:", done.stdout)

    def test_killed_rank_fails_loudly(self):
        bundle = self.bundle("mlp-NHWC")
        data = os.path.join(self.tmp, "data")
        tiny_folder(data, per_class=4)
        procs = start_ranks(bundle, ["--data", data, "--epochs", "100000", "--batch-size", "2", "--out", os.path.join(self.tmp, "run"), "--timeout-s", "20"], 2, free_port(), self.tmp)
        try:
            deadline = time.time() + RUN_TIMEOUT_S
            while "training" not in read_log(procs[1][1]) and time.time() < deadline:
                self.assertIsNone(procs[0][0].poll(), read_log(procs[0][1]))
                time.sleep(0.2)
            procs[1][0].send_signal(signal.SIGKILL)
            started = time.time()
            code = procs[0][0].wait(timeout=RUN_TIMEOUT_S)
            waited = time.time() - started
        finally:
            for p, _ in procs:
                p.kill()
        log = read_log(procs[0][1])
        for _, o in procs:
            o.close()
        self.assertNotEqual(code, 0, log)
        self.assertRegex(log, r"(?i)error|closed|timed out|connection", log)
        last = [line for line in log.splitlines() if line.strip()][-1]
        print(f"\n  rank 1 killed: rank 0 exited with {code} after {waited:.1f} s: {last[:160]}")

    def test_samples_do_not_depend_on_dataloader_workers(self):
        bundle = self.bundle("cnn-small-NCHW")
        data = os.path.join(self.tmp, "data")
        tiny_folder(data, per_class=2)
        sys.path.insert(0, bundle)
        try:
            import importlib

            train = importlib.reload(importlib.import_module("train"))
            predict = importlib.reload(importlib.import_module("predict"))
            pipeline, classes, metadata = predict.load_bundle(bundle)
            dataset = train.ClassFolders(data, classes, pipeline, metadata)
            dataset.set_epoch(3)
            batches = [torch.cat([x for x, _ in torch.utils.data.DataLoader(dataset, batch_size=2, num_workers=n)]) for n in (0, 2)]
            dataset.set_epoch(4)
            other = torch.cat([x for x, _ in torch.utils.data.DataLoader(dataset, batch_size=2)])
        finally:
            sys.path.remove(bundle)
        self.assertTrue(torch.equal(batches[0], batches[1]))
        self.assertFalse(torch.equal(batches[0], other))
        self.assertEqual(tuple(batches[0].shape[1:]), (3, 16, 16))

    def test_predict_prints_top_classes(self):
        bundle = self.bundle("cnn-deep-NCHW")
        data = os.path.join(self.tmp, "data")
        tiny_folder(data, per_class=1)
        done = subprocess.run([sys.executable, os.path.join(bundle, "predict.py"), os.path.join(data, "square"), "--top", "2", "--json"], capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        self.assertEqual(done.returncode, 0, done.stderr)
        row = json.loads(done.stdout.splitlines()[0])
        self.assertEqual(len(row["top"]), 2)
        self.assertTrue(all(c["class"] in ("circle", "square", "triangle") for c in row["top"]))
        self.assertAlmostEqual(sum(c["probability"] for c in row["top"]), sum(sorted((c["probability"] for c in row["top"]), reverse=True)), places=6)


if __name__ == "__main__":
    unittest.main()
