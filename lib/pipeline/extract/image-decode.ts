import { parserReason } from "@/lib/pipeline/extract/parser-errors";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { decode as decodeBmpBytes } from "bmp-ts";
import sharp, { type Sharp } from "sharp";
import { ItemError } from "@/lib/pipeline/types";
import { sanitizeSvg } from "@/lib/pipeline/extract/svg-sanitize";
import { missingTool, toolPath } from "@/lib/pipeline/extract/media-tools";
import { lastLine, runTool } from "@/lib/pipeline/extract/run-tool";
import { resolvePackage, runIsolated } from "./isolated-worker";

/**
 * A decoded image may hold at most this many pixels: ~100 MP covers every phone and most
 * cameras, while a "pixel bomb" (a tiny file declaring a huge canvas) fails before any
 * memory is allocated for it.
 */
export const MAX_INPUT_PIXELS = 100_000_000;
const HEIC_DEADLINE_MS = 30_000;
const HEIC_HEAP_MB = 512;

export interface DecodedImage {
  image: Sharp;
  /** Format as read from the file ("jpeg", "heif", "bmp", "svg"...). */
  format: string;
  width: number;
  height: number;
  /** What a sanitised SVG lost (scripts, external references). */
  removed?: string[];
}

const tooLarge = (w: number, h: number) =>
  new ItemError("content_limit_exceeded", `image is ${w}x${h} pixels; the limit is ${MAX_INPUT_PIXELS / 1_000_000} megapixels`);

const raw = (data: Uint8Array | Uint8ClampedArray, width: number, height: number) =>
  sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 }, limitInputPixels: MAX_INPUT_PIXELS });

/** Opens any supported image as a sharp pipeline, with EXIF orientation applied. */
export async function decodeImage(file: string, extension: string, signal?: AbortSignal): Promise<DecodedImage> {
  const bytes = await readFile(file);
  if (extension === ".heic" || extension === ".heif") {
    // An image sequence (brand msf1: bursts, live photos) may keep its pictures only in a
    // video track, which libheif does not read; ffmpeg takes the sequence's first picture.
    const still = await decodeHeic(bytes, signal).catch((err: unknown) => {
      if (err instanceof ItemError && err.code === "corrupt_media" && topLevelBoxes(bytes).includes("moov")) return null;
      throw err;
    });
    if (!still) return firstPictureOfSequence(file, signal);
    return { image: raw(still.data, still.width, still.height), format: "heif", width: still.width, height: still.height };
  }
  if (extension === ".bmp") return decodeBmp(bytes);
  if (extension === ".svg") {
    const { svg, removed } = sanitizeSvg(bytes.toString("utf8"));
    return { ...(await open(Buffer.from(svg), "svg")), removed };
  }
  return open(bytes, extension.slice(1));
}

async function open(bytes: Buffer, expected: string): Promise<DecodedImage> {
  // failOn "error": a truncated JPEG or PNG is refused rather than rendered half grey.
  const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", animated: false }).rotate();
  const meta = await image.metadata().catch((err: Error) => {
    if (/pixel limit/i.test(err.message)) throw new ItemError("content_limit_exceeded", `image exceeds the limit of ${MAX_INPUT_PIXELS / 1_000_000} megapixels`);
    throw new ItemError("corrupt_media", `${expected.toUpperCase()} image could not be read: ${parserReason(err.message)}`);
  });
  const { width = 0, height = 0 } = meta;
  if (width * height > MAX_INPUT_PIXELS) throw tooLarge(width, height);
  // EXIF orientations 5-8 swap the axes.
  const swapped = (meta.orientation ?? 1) >= 5;
  return { image, format: meta.format ?? expected, width: swapped ? height : width, height: swapped ? width : height };
}

function decodeBmp(bytes: Buffer): DecodedImage {
  // The header's size is checked first: bmp-ts allocates width*height*4 bytes up front.
  if (bytes.length < 26) throw new ItemError("corrupt_media", "BMP file is truncated");
  // OS/2's 12-byte BITMAPCOREHEADER has 16-bit sizes; every later header has 32-bit ones.
  const core = bytes.readUInt32LE(14) === 12;
  const width = core ? bytes.readUInt16LE(18) : Math.abs(bytes.readInt32LE(18));
  const height = core ? bytes.readUInt16LE(20) : Math.abs(bytes.readInt32LE(22));
  if (width * height > MAX_INPUT_PIXELS) throw tooLarge(width, height);
  let decoded;
  try {
    decoded = decodeBmpBytes(core ? infoHeaderBmp(bytes) : bytes, { toRGBA: true });
  } catch (err) {
    throw new ItemError("corrupt_media", `BMP image could not be read: ${parserReason((err as Error).message)}`);
  }
  if (!decoded.width || !decoded.height || decoded.data.length < decoded.width * decoded.height * 4) {
    throw new ItemError("corrupt_media", "BMP image could not be read: its pixel data is incomplete");
  }
  return { image: raw(decoded.data, decoded.width, decoded.height), format: "bmp", width: decoded.width, height: decoded.height };
}

/**
 * An OS/2 bitmap (12-byte BITMAPCOREHEADER, 3-byte palette entries) rewritten with the
 * Windows 40-byte header and 4-byte entries that bmp-ts reads; the pixels are the same.
 */
function infoHeaderBmp(bytes: Buffer): Buffer {
  const bpp = bytes.readUInt16LE(24);
  const colours = bpp <= 8 ? Math.min(2 ** bpp, Math.floor((bytes.readUInt32LE(10) - 26) / 3)) : 0;
  const header = Buffer.alloc(14 + 40 + colours * 4);
  header.write("BM", 0, "latin1");
  const pixels = bytes.subarray(bytes.readUInt32LE(10));
  header.writeUInt32LE(header.length + pixels.length, 2);
  header.writeUInt32LE(header.length, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(bytes.readUInt16LE(18), 18);
  header.writeInt32LE(bytes.readUInt16LE(20), 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(bpp, 28);
  header.writeUInt32LE(colours, 46);
  for (let c = 0; c < colours; c++) bytes.copy(header, 54 + c * 4, 26 + c * 3, 29 + c * 3);
  return Buffer.concat([header, pixels]);
}

// libheif (WASM) decodes synchronously and trusts the file: it runs isolated
// (isolated-worker.ts), so a hostile HEIC cannot stall this process's heartbeats.
const HEIC_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const decode = require(workerData.modulePath);
(async () => {
  const images = await decode.all({ buffer: new Uint8Array(workerData.bytes) });
  const first = images[0];
  if (first.width * first.height > workerData.maxPixels) return { tooLarge: [first.width, first.height] };
  const out = await first.decode();
  images.dispose();
  return { width: out.width, height: out.height, data: out.data };
})().then((msg) => parentPort.postMessage(msg), (err) => parentPort.postMessage({ error: String((err && err.message) || err) }));`;

interface HeicResult {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

function decodeHeic(bytes: Buffer, signal?: AbortSignal): Promise<HeicResult> {
  return runIsolated({
    source: HEIC_WORKER,
    workerData: { modulePath: resolvePackage("heic-decode"), bytes, maxPixels: MAX_INPUT_PIXELS },
    heapMb: HEIC_HEAP_MB,
    deadlineMs: HEIC_DEADLINE_MS,
    signal,
    failure: "HEIC image could not be read",
    tooSlow: "decoding took too long (damaged file?)",
    outOfMemory: "it needs too much memory",
    exited: "the decoder stopped unexpectedly",
    // libheif prints its own diagnostics.
    quiet: true,
    onMessage: (msg: Partial<HeicResult> & { error?: string; tooLarge?: [number, number] }) => {
      if (msg.tooLarge) throw tooLarge(...msg.tooLarge);
      if (msg.error !== undefined || !msg.data) throw new Error(msg.error ?? "no image in the file");
      return msg as HeicResult;
    },
  });
}

/** The types of an ISO base media file's top-level boxes ("ftyp", "meta", "moov"...). */
function topLevelBoxes(bytes: Buffer): string[] {
  const types: string[] = [];
  for (let at = 0; at + 8 <= bytes.length && types.length < 64; ) {
    let size = bytes.readUInt32BE(at);
    types.push(bytes.toString("latin1", at + 4, at + 8));
    if (size === 1 && at + 16 <= bytes.length) size = Number(bytes.readBigUInt64BE(at + 8));
    if (size === 0) break; // the box runs to the end of the file
    if (size < 8) break;
    at += size;
  }
  return types;
}

async function firstPictureOfSequence(file: string, signal?: AbortSignal): Promise<DecodedImage> {
  const ffmpeg = toolPath("ffmpeg");
  if (!ffmpeg) throw new ItemError("unsupported_media", `HEIF image sequence: ${missingTool("ffmpeg")}`);
  const dir = await mkdtemp(path.join(tmpdir(), "tessera-heif-"));
  try {
    const out = path.join(dir, "first.png");
    const result = await runTool(ffmpeg, ["-nostdin", "-v", "error", "-i", file, "-map", "0:v:0", "-frames:v", "1", out], { timeoutMs: HEIC_DEADLINE_MS, signal });
    const png = result.code === 0 ? await readFile(out).catch(() => null) : null;
    if (!png) throw new ItemError("corrupt_media", `HEIF image sequence could not be read: ${result.stderr.trim() ? lastLine(result.stderr, file) : "it holds no picture"}`);
    return { ...(await open(png, "heif")), format: "heif" };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
