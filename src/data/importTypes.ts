// The importer's vocabulary: what it is handed, what a decoder returns, and what it reports.
import type { NewSample } from './dataset.js';

/** One file handed to the importer: from an <input>, a dropped folder, or a test. */
export interface ImportEntry {
  /** Path relative to what the user picked, with '/' separators: `shapes/circle/a.png`, `a.png`. */
  path: string;
  size: number;
  read(): Promise<Uint8Array>;
}

export interface ReportRow {
  file: string;
  reason: string;
}

export interface DecodeOk {
  ok: true;
  /** The original's size in pixels. */
  width: number;
  height: number;
  /** sizePx * sizePx * 3 bytes, RGB, HWC. */
  pixels: Uint8Array;
}

export interface DecodeFailed {
  ok: false;
  reason: string;
}

export type DecodeResult = DecodeOk | DecodeFailed;

export interface DecodeJob {
  name: string;
  bytes: Uint8Array;
  mime: string;
}

/** Decodes a chunk of files to working size; one result per job, in order. Must not throw for a bad file. */
export type Decoder = (jobs: DecodeJob[], sizePx: number) => Promise<DecodeResult[]>;

export interface ImportedSample extends NewSample {
  original: Uint8Array;
  /** Segmentation imports: the mask file's bytes (the working-size mask is re-made from them at another size). */
  maskOriginal?: Uint8Array;
  mime: string;
  /** The original's size in pixels. */
  width: number;
  height: number;
}

export interface ImportOptions {
  sizePx: number;
  decode: Decoder;
  /** Hashes already in the dataset, to the name they were imported under (duplicates are refused). */
  knownHashes?: ReadonlyMap<string, string>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  maxPixels?: number;
  /** Files per decode call, and decode calls in flight (one per worker is right). */
  decodeChunk?: number;
  decodeConcurrency?: number;
}

export interface ImportResult {
  samples: ImportedSample[];
  report: ReportRow[];
  /** Present when the import held masks: the mask classes (names by index) and their colours. */
  segmentation?: { names: string[]; colours: ([number, number, number] | null)[] };
}
