"""The PNG reader the Python pipeline falls back on without Pillow: every row filter (PNG spec 9.2)."""

import os
import struct
import sys
import tempfile
import unittest
import zlib

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from augplay.images import read_png, write_png  # noqa: E402


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def encode(pixels):
    """A PNG whose rows use filters 0, 1, 2, 3, 4 in turn (as encoders such as libpng choose per row)."""
    h, w, c = pixels.shape
    raw = pixels.reshape(h, w * c).astype(np.int64)
    body = b""
    for y in range(h):
        kind = y % 5
        cur, prev = raw[y], raw[y - 1] if y else np.zeros(w * c, dtype=np.int64)
        out = []
        for x in range(w * c):
            a = cur[x - c] if x >= c else 0
            b = prev[x]
            cc = prev[x - c] if x >= c else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, cc)][kind]
            out.append((cur[x] - pred) & 255)
        body += bytes([kind]) + bytes(out)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    colour = {1: 0, 3: 2, 4: 6}[c]
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, colour, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(body)) + chunk(b"IEND", b"")


class Png(unittest.TestCase):
    def test_every_filter_and_channel_count(self):
        rng = np.random.default_rng(1)
        with tempfile.TemporaryDirectory() as tmp:
            for channels in (1, 3, 4):
                pixels = rng.integers(0, 256, (11, 7, channels), dtype=np.uint8)
                path = os.path.join(tmp, f"f{channels}.png")
                with open(path, "wb") as f:
                    f.write(encode(pixels))
                np.testing.assert_array_equal(read_png(path), pixels)
                write_png(path, pixels)
                np.testing.assert_array_equal(read_png(path), pixels)

    def test_not_a_png_names_the_file(self):
        with tempfile.NamedTemporaryFile(suffix=".png") as f:
            f.write(b"GIF89a")
            f.flush()
            with self.assertRaisesRegex(ValueError, "not a PNG"):
                read_png(f.name)


if __name__ == "__main__":
    unittest.main()
