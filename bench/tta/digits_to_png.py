"""scikit-learn's digits (Debian's python3-sklearn ships them as digits.csv.gz) written as PNG class
folders OUT/<digit>/<index>.png, 8x8 RGB, grey levels 0..16 scaled to 0..255. No PIL needed."""
import gzip
import os
import struct
import sys
import zlib

CSV = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz'


def png_rgb(width, height, rgb):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b''.join(b'\x00' + bytes(rgb[y * width * 3:(y + 1) * width * 3]) for y in range(height))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')


def main(out):
    with gzip.open(CSV, 'rt') as f:
        rows = [line.strip().split(',') for line in f if line.strip()]
    for i, row in enumerate(rows):
        values = [round(float(v) * 255 / 16) for v in row[:64]]
        label = int(float(row[64]))
        folder = os.path.join(out, str(label))
        os.makedirs(folder, exist_ok=True)
        rgb = [v for v in values for _ in range(3)]
        with open(os.path.join(folder, f'{i:04d}.png'), 'wb') as f:
            f.write(png_rgb(8, 8, rgb))
    print(len(rows))


if __name__ == '__main__':
    main(sys.argv[1])
