"""Issue 15 baseline: RandAugment(2, 9) written with OpenCV and NumPy, one process, one thread, with
torchvision's op list and magnitudes (31 bins, nearest sampling, fill 0): shears, shifts and rotations
through cv2.warpAffine, brightness / contrast / solarize / posterize as uint8 tables through cv2.LUT,
colour and sharpness as cv2.addWeighted blends (sharpness with PIL's 3x3 smoothing kernel, borders
kept), autocontrast per channel through tables, equalize with cv2.equalizeHist per channel; float32 out.

Usage: policy_opencv.py IMAGES_DIR SECONDS. Reads policy_<size>.u8 (8 RGB images, concatenated) as
written by bench/policy.ts; prints {"opencv_images_per_s": {size: rate}, "opencv_images_per_cpu_s": ...}
or, when cv2 cannot be imported, {"opencv_images_per_s": null, "note": why}.
"""

import json
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

try:
    import cv2
    import numpy as np
except ImportError as error:
    print(json.dumps({"opencv_images_per_s": None, "note": f"not measured: {error} (apt-get install python3-opencv)"}))
    sys.exit(0)

cv2.setNumThreads(1)

SIZES = (224, 64)
IMAGE_COUNT = 8
ROUNDS = 7
WARMUP_S = 0.3
LEVEL = 9 / 30  # magnitude 9 of 30
VALUES = np.arange(256, dtype=np.float32)
SMOOTH = np.array([[1, 1, 1], [1, 5, 1], [1, 1, 1]], dtype=np.float32) / 13
WARP = dict(flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def signed(rng, v):
    return -v if rng.random() < 0.5 else v


def warp(img, m):
    h, w = img.shape[:2]
    return cv2.warpAffine(img, np.array(m, dtype=np.float64), (w, h), **WARP)


def table(img, values):
    return cv2.LUT(img, np.clip(values, 0, 255).astype(np.uint8))


def blend(img, other, f):
    return cv2.addWeighted(img, f, other, 1 - f, 0)


def sharpness(img, f):
    out = blend(img, cv2.filter2D(img, -1, SMOOTH), f)
    out[0], out[-1], out[:, 0], out[:, -1] = img[0], img[-1], img[:, 0], img[:, -1]
    return out


def autocontrast(img):
    chans = []
    for c in cv2.split(img):
        lo, hi = int(c.min()), int(c.max())
        chans.append(c if hi == lo else table(c, (VALUES - lo) * (255 / (hi - lo))))
    return cv2.merge(chans)


def rotate(img, degrees):
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), degrees, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def grey_mean(img):
    return cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).mean()


OPS = [
    lambda img, rng: img,  # Identity
    lambda img, rng: warp(img, [[1, signed(rng, 0.3 * LEVEL), 0], [0, 1, 0]]),  # ShearX
    lambda img, rng: warp(img, [[1, 0, 0], [signed(rng, 0.3 * LEVEL), 1, 0]]),  # ShearY
    lambda img, rng: warp(img, [[1, 0, -int(signed(rng, 150 / 331 * img.shape[1] * LEVEL))], [0, 1, 0]]),  # TranslateX
    lambda img, rng: warp(img, [[1, 0, 0], [0, 1, -int(signed(rng, 150 / 331 * img.shape[0] * LEVEL))]]),  # TranslateY
    lambda img, rng: rotate(img, signed(rng, 30 * LEVEL)),  # Rotate
    lambda img, rng: table(img, VALUES * (1 + signed(rng, 0.9 * LEVEL))),  # Brightness
    lambda img, rng: blend(img, cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB), 1 + signed(rng, 0.9 * LEVEL)),  # Color
    lambda img, rng: (lambda m, f: table(img, (VALUES - m) * f + m))(grey_mean(img), 1 + signed(rng, 0.9 * LEVEL)),  # Contrast
    lambda img, rng: sharpness(img, 1 + signed(rng, 0.9 * LEVEL)),  # Sharpness
    lambda img, rng: cv2.bitwise_and(img, np.full_like(img, (0xFF << (8 - (8 - round(9 / 7.5)))) & 0xFF)),  # Posterize
    lambda img, rng: table(img, np.where(VALUES >= 255 - 255 * LEVEL, 255 - VALUES, VALUES)),  # Solarize
    lambda img, rng: autocontrast(img),  # AutoContrast
    lambda img, rng: cv2.merge([cv2.equalizeHist(c) for c in cv2.split(img)]),  # Equalize
]


def rand_augment(img, rng):
    for _ in range(2):
        img = OPS[rng.integers(len(OPS))](img, rng)
    return img.astype(np.float32)


def rate(images, rng, seconds):
    count = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    while True:
        rand_augment(images[count % len(images)], rng)
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed, count / max(time.process_time() - cpu_start, 1e-9)


def main():
    images_dir, seconds = sys.argv[1], float(sys.argv[2])
    rng = np.random.default_rng(1)
    rates, cpu_rates = {}, {}
    for size in SIZES:
        raw = np.fromfile(os.path.join(images_dir, f"policy_{size}.u8"), dtype=np.uint8)
        images = list(raw.reshape(IMAGE_COUNT, size, size, 3))
        for op in OPS:  # every op runs on this size (catches a broken one before timing)
            op(images[0], rng)
        rate(images, rng, WARMUP_S)
        rounds = [rate(images, rng, seconds / ROUNDS) for _ in range(ROUNDS)]
        rates[str(size)] = max(r[0] for r in rounds)
        cpu_rates[str(size)] = max(r[1] for r in rounds)
        print(f"policy_opencv {size}px: {rates[str(size)]:.0f}/s ({cpu_rates[str(size)]:.0f}/cpu-s)", file=sys.stderr)
    print(json.dumps({"opencv_images_per_s": rates, "opencv_images_per_cpu_s": cpu_rates, "opencv_version": cv2.__version__, "numpy_version": np.__version__}))


main()
