"""Reading images for the pipeline: Pillow when it is installed, else a small PNG reader (8-bit,
non-interlaced) so that NumPy alone is enough; and a PNG writer for test data."""

import os
import struct
import zlib

import numpy as np

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")

try:  # Pillow is optional
    from PIL import Image as _PIL
except ImportError:  # pragma: no cover - depends on the machine
    _PIL = None


def read_image(path):
    """uint8 pixels, height x width x channels (1, 3 or 4)."""
    if _PIL is not None:
        with _PIL.open(path) as im:
            if im.mode not in ("L", "RGB", "RGBA"):
                im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
            a = np.asarray(im, dtype=np.uint8)
        return a[:, :, None] if a.ndim == 2 else a
    if not path.lower().endswith(".png"):
        raise ValueError(f"{path}: only PNG images can be read without Pillow (pip install pillow, or apt-get install python3-pil)")
    return read_png(path)


def read_png(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos = 8
    idat = []
    width = height = depth = colour = interlace = None
    palette = None
    while pos < len(raw):
        (length,) = struct.unpack(">I", raw[pos : pos + 4])
        kind = raw[pos + 4 : pos + 8]
        body = raw[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = np.frombuffer(body, dtype=np.uint8).reshape(-1, 3)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if depth != 8 or interlace != 0 or channels is None:
        raise ValueError(f"{path}: PNG with bit depth {depth}, colour type {colour}, interlace {interlace} needs Pillow")
    data = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8)
    stride = width * channels
    rows = data.reshape(height, stride + 1)
    out = np.zeros((height, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.int64)
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:].astype(np.int64)
        if kind == 0:
            cur = line
        elif kind == 2:
            cur = (line + prev) & 255
        else:
            cur = np.zeros(stride, dtype=np.int64)
            for x in range(stride):
                left = cur[x - channels] if x >= channels else 0
                up = prev[x]
                if kind == 1:
                    cur[x] = (line[x] + left) & 255
                elif kind == 3:
                    cur[x] = (line[x] + (left + up) // 2) & 255
                else:
                    ul = prev[x - channels] if x >= channels else 0
                    p = left + up - ul
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                    pred = left if pa <= pb and pa <= pc else (up if pb <= pc else ul)
                    cur[x] = (line[x] + pred) & 255
        out[y] = cur
        prev = cur
    img = out.reshape(height, width, channels)
    if colour == 3:
        img = palette[img[:, :, 0]]
    if channels == 2:  # grey + alpha: keep the grey
        img = img[:, :, :1]
    return img


def write_png(path, pixels):
    """Writes uint8 pixels (H x W, or H x W x 1/3/4) as a PNG."""
    a = np.asarray(pixels, dtype=np.uint8)
    if a.ndim == 2:
        a = a[:, :, None]
    h, w, c = a.shape
    colour = {1: 0, 3: 2, 4: 6}[c]
    body = b"".join(b"\x00" + a[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, colour, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(body)) + chunk(b"IEND", b""))


def class_folders(root, extensions=IMAGE_EXTENSIONS, what="images"):
    """(classes, [(path, class index)]) for a folder of class sub-folders, sorted by name (files
    ending in `extensions`: images by default, series files for a series model)."""
    if not os.path.isdir(root):
        raise ValueError(f"{root}: not a folder (expected one sub-folder of {what} per class)")
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and not d.startswith("."))
    items = []
    for k, name in enumerate(classes):
        folder = os.path.join(root, name)
        for f in sorted(os.listdir(folder)):
            if f.lower().endswith(extensions):
                items.append((os.path.join(folder, f), k))
    if not classes or not items:
        raise ValueError(f"{root}: no class sub-folders with {what} ({', '.join(extensions)}) found")
    return classes, items
