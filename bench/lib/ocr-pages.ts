// Pictures of printed text for the OCR benchmarks, drawn from SVG by sharp: the same pages on
// every run, so Tessera and the Debian tools read identical pixels.
import sharp from "sharp";

export function textPageSvg(seed: number, { width = 1600, height = 1200, lines = 8 } = {}): Buffer {
  const text = Array.from({ length: lines }, (_, i) => `<text x="80" y="${220 + i * 110}" font-family="DejaVu Sans" font-size="64">Harbour log ${seed}.${i + 1}: ships and tides</text>`);
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#f2efe6"/>${text.join("")}</svg>`);
}

export const textPageJpeg = (seed: number, size?: { width?: number; height?: number; lines?: number }) => sharp(textPageSvg(seed, size)).jpeg({ quality: 85 }).toBuffer();
