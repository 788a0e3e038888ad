"""scikit-learn baselines on the same PNG files and the same split the trainer used: logistic
regression and a one-hidden-layer MLP on raw pixels scaled to [0, 1]. Prints one JSON line.
Usage: baselines.py SPLIT_JSON, with labels: [...], train: [i...], validation: [i...] and either
files: [png path...] (bench/tta/node.mjs) or pixels: a raw file of RGB bytes, sample after sample,
with size_px (the pixels the page trained on, bench/time-to-accuracy.mjs)."""
import json
import struct
import sys
import time
import warnings
import zlib

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier


def read_png(path):
    """8-bit RGB or grey PNG, non-interlaced, any of the five row filters."""
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError(f'{path}: not a PNG')
    pos, idat, width = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, colour = struct.unpack('>IIBB', body[:10])
            channels = {0: 1, 2: 3, 6: 4}[colour]
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    out = np.zeros((height, stride), dtype=np.int32)
    prev = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = np.frombuffer(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)], dtype=np.uint8).astype(np.int32)
        cur = line.copy() if f == 0 else np.zeros(stride, dtype=np.int32)
        for x in range(stride if f != 0 else 0):
            a = cur[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 0: p = 0
            elif f == 1: p = a
            elif f == 2: p = b
            elif f == 3: p = (a + b) // 2
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            cur[x] = (line[x] + p) & 255
        out[y] = cur
        prev = cur
    return out.reshape(height, width, channels)[:, :, :3].astype(np.float32) / 255.0


def main(split_path):
    split = json.load(open(split_path))
    if 'pixels' in split:
        x = np.fromfile(split['pixels'], dtype=np.uint8).reshape(len(split['labels']), -1).astype(np.float32) / 255.0
    else:
        x = np.stack([read_png(p).reshape(-1) for p in split['files']])
    y = np.array(split['labels'])
    tr, va = np.array(split['train']), np.array(split['validation'])
    results = {}
    warnings.simplefilter('ignore', ConvergenceWarning)
    for name, model in [('logreg', LogisticRegression(max_iter=2000)), ('mlp', MLPClassifier(hidden_layer_sizes=(100,), max_iter=500, random_state=0))]:
        started = time.perf_counter()
        model.fit(x[tr], y[tr])
        results[name] = {'val_accuracy': float((model.predict(x[va]) == y[va]).mean()), 'seconds': time.perf_counter() - started}
    print(json.dumps(results))


if __name__ == '__main__':
    main(sys.argv[1])
