"""Workload 1 baseline: S1 written with OpenCV and NumPy, one process, one thread, the way
Albumentations applies it (cv2.flip, cv2.warpAffine with BORDER_REFLECT_101, brightness and
contrast as uint8 lookup tables through cv2.LUT, float32 Gaussian noise clipped to the pixel
range, then normalise in float32).

Usage: s1_opencv.py IMAGES_DIR SECONDS. Reads s1_<size>.u8 (8-bit RGB images, concatenated) as
written by the Node bench, prints {"opencv_images_per_s": {size: rate}, "opencv_images_per_cpu_s": ..., versions} or, when
cv2 cannot be imported, {"opencv_images_per_s": null, "note": why}.
"""

import json
import os
import sys
import time

# One thread everywhere, set before NumPy and OpenCV load their thread pools.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

try:
    import cv2
    import numpy as np
except ImportError as error:  # opencv is optional: the bench reports null beside our figures
    print(json.dumps({"opencv_images_per_s": None, "note": f"not measured: {error} (apt-get install python3-opencv)"}))
    sys.exit(0)

cv2.setNumThreads(1)

SIZES = (224, 64, 32)
IMAGE_COUNT = 8
NOISE_STD = 0.03  # [0, 1] units, as in S1
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32) * 255
INV_STD = 1 / (np.array([0.229, 0.224, 0.225], dtype=np.float32) * 255)
ROUNDS = 7
WARMUP_S = 0.3
VALUES = np.arange(256, dtype=np.float32)


def s1(img, rng):
    h, w = img.shape[:2]
    if rng.random() < 0.5:
        img = cv2.flip(img, 1)
    angle = rng.uniform(-15, 15)
    matrix = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), angle, 1.0)
    img = cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
    # Albumentations' brightness and contrast on uint8: one table each, through cv2.LUT.
    factor = rng.uniform(0.8, 1.2)
    img = cv2.LUT(img, np.clip(VALUES * factor, 0, 255).astype(np.uint8))
    factor = rng.uniform(0.8, 1.2)
    mean = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).mean()
    img = cv2.LUT(img, np.clip((VALUES - mean) * factor + mean, 0, 255).astype(np.uint8))
    noise = rng.standard_normal(img.shape, dtype=np.float32)
    noise *= NOISE_STD * 255
    out = img.astype(np.float32)
    out += noise
    np.clip(out, 0, 255, out=out)
    out -= MEAN
    out *= INV_STD
    return out


def rate(images, rng, seconds):
    """(images per wall-clock second, images per CPU second of this process) over one round."""
    count = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    while True:
        s1(images[count % len(images)], rng)
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed, count / max(time.process_time() - cpu_start, 1e-9)


def main():
    images_dir, seconds = sys.argv[1], float(sys.argv[2])
    rng = np.random.default_rng(1)
    rates = {}
    cpu_rates = {}
    for size in SIZES:
        raw = np.fromfile(os.path.join(images_dir, f"s1_{size}.u8"), dtype=np.uint8)
        images = list(raw.reshape(IMAGE_COUNT, size, size, 3))
        rate(images, rng, WARMUP_S)
        # The best round: the one least disturbed by other processes (as in the Node bench).
        rounds = [rate(images, rng, seconds / ROUNDS) for _ in range(ROUNDS)]
        rates[str(size)] = max(r[0] for r in rounds)
        cpu_rates[str(size)] = max(r[1] for r in rounds)
        print(f"s1_opencv {size}px: {rates[str(size)]:.0f}/s ({cpu_rates[str(size)]:.0f}/cpu-s)", file=sys.stderr)
    print(json.dumps({"opencv_images_per_s": rates, "opencv_images_per_cpu_s": cpu_rates,
                      "opencv_version": cv2.__version__, "numpy_version": np.__version__,
                      "python_version": sys.version.split()[0]}))


main()
