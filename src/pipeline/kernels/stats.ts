// Statistics per-value steps read (contrast: the luma mean; autoContrast: per-channel ranges),
// taken from the image, from an 8-bit image's sums, or through a run's table from its histogram.

import type { WorkImage } from '../image.js';
import { LUMA_B, LUMA_G, LUMA_R } from '../image.js';
import type { ChannelRanges, ImageStats } from '../op.js';
import { byteRanges, channelSums, meanOfSums } from './tables.js';

/** Luma mean of an image, read directly. */
export function imageStats(img: WorkImage): ImageStats {
  const C = img.channels;
  const n = img.width * img.height;
  const s = img.data;
  let sum = 0;
  if (C === 1) {
    for (let i = 0; i < n; i++) sum += s[i]!;
  } else {
    for (let i = 0, p = 0; i < n; i++, p += C) sum += LUMA_R * s[p]! + LUMA_G * s[p + 1]! + LUMA_B * s[p + 2]!;
  }
  let channels: ChannelRanges | null = null;
  return {
    lumaMean: sum / n,
    channels: () => (channels ??= channelRanges(C, (visit) => {
      for (let i = 0, c = 0; i < s.length; i++) {
        visit(c, s[i]!);
        if (++c === C) c = 0;
      }
    })),
  };
}

/** Per-channel min and max of the values `each` visits (channel, value). */
function channelRanges(C: number, each: (visit: (c: number, v: number) => void) => void): ChannelRanges {
  const min = new Float64Array(C).fill(Infinity);
  const max = new Float64Array(C).fill(-Infinity);
  each((c, v) => {
    if (v < min[c]!) min[c] = v;
    if (v > max[c]!) max[c] = v;
  });
  return { min, max };
}

/** Stats of an 8-bit image: luma mean from channel sums; per-channel ranges in one pass, when called. */
export function identityStats(src: WorkImage, s: Uint8ClampedArray): ImageStats {
  const C = src.channels;
  const pixels = src.width * src.height;
  let lumaMean: number | null = null;
  let ranges: ChannelRanges | null = null;
  // Each pass only when its statistic is read (contrast reads the mean, autoContrast the ranges).
  return {
    get lumaMean() {
      return (lumaMean ??= meanOfSums(channelSums(s, C), pixels));
    },
    channels: () => (ranges ??= byteRanges(s, C)),
  };
}

/** Luma mean of the image after the tables, from the input histogram (exact, no pass over pixels). */
export function statsThroughLut(hist: Uint32Array, lut: Float32Array, channels: number, pixels: number): ImageStats {
  const means = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let v = 0; v < 256; v++) sum += hist[c * 256 + v]! * lut[c * 256 + v]!;
    means[c] = sum / pixels;
  }
  // The table as it is now: later stages of the run change it.
  const table = lut.slice();
  let perChannel: ChannelRanges | null = null;
  const channelsOf = () =>
    (perChannel ??= channelRanges(channels, (visit) => {
      for (let i = 0; i < 256 * channels; i++) if (hist[i]! > 0) visit(i >> 8, table[i]!);
    }));
  if (channels < 3) return { lumaMean: means[0]!, channels: channelsOf };
  return { lumaMean: LUMA_R * means[0]! + LUMA_G * means[1]! + LUMA_B * means[2]!, channels: channelsOf };
}
