import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeFile } from "node:fs/promises";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { extractImage } from "@/lib/pipeline/extract/image";
import { sanitizeSvg } from "@/lib/pipeline/extract/svg-sanitize";
import { FIXTURES, failure, input } from "./helpers";

// OCR and HEIC decoding take seconds on a machine shared by several test runs.
vi.setConfig({ testTimeout: 30_000 });

const FORMATS: Record<string, string> = {
  jpg: "jpeg",
  jpeg: "jpeg",
  png: "png",
  gif: "gif",
  bmp: "bmp",
  tiff: "tiff",
  tif: "tiff",
  webp: "webp",
  svg: "svg",
  heic: "heif",
  heif: "heif",
};

describe("extractImage on every image type", () => {
  it.each(Object.entries(FORMATS))(".%s: OCR phrase, dimensions, format and a <=512 px picture", async (ext, format) => {
    const result = await extractImage(await input(`images/sample.${ext}`));
    expect(result.sections.map((s) => s.text).join(" ")).toContain("HARBOUR LIGHTS 42");
    expect(result.metadata).toMatchObject({ width: 640, height: 240, format });
    expect(result.description).toContain(`'sample.${ext}', 640x240 ${format.toUpperCase()}`);
    expect(result.description).toContain("Text in the picture: HARBOUR LIGHTS 42");
    expect(result.pictures).toHaveLength(1);
    const picture = await sharp(result.pictures![0]!.path).metadata();
    expect([picture.width, picture.height, picture.format]).toEqual([512, 192, "jpeg"]);
    expect(result.skipped).toBeUndefined();
  });
});

describe("HEIF image sequences", () => {
  it("reads the first picture of a sequence whose pictures are only in a video track (brand msf1)", async () => {
    const result = await extractImage(await input("images/sequence.heic"));
    expect(result.metadata).toMatchObject({ width: 640, height: 240, format: "heif" });
    expect(result.sections.map((s) => s.text).join(" ")).toContain("HARBOUR LIGHTS 42");
    expect(result.pictures).toHaveLength(1);
  });
});

describe("EXIF", () => {
  it("reads camera, date taken and GPS position, and says them in the description", async () => {
    const result = await extractImage(await input("images/sample.jpg"));
    expect(result.metadata).toMatchObject({ camera: "Canon EOS R6", taken_at: "2024-07-01 10:30:00", latitude: 43.7, longitude: 7.3 });
    expect(result.description).toMatch(/^Photo 'sample\.jpg', 640x240 JPEG, taken 2024-07-01 with Canon EOS R6 at 43\.7,7\.3\. Text in the picture: HARBOUR LIGHTS 42/);
  });

  it("applies the EXIF orientation: a sideways-stored photo comes out upright", async () => {
    const stored = await sharp(path.join(FIXTURES, "images/rotated.jpg")).metadata();
    expect([stored.width, stored.height, stored.orientation]).toEqual([240, 640, 6]);
    const result = await extractImage(await input("images/rotated.jpg"));
    expect(result.metadata).toMatchObject({ width: 640, height: 240 });
    expect(result.sections[0]!.text).toContain("HARBOUR LIGHTS 42");
    const picture = await sharp(result.pictures![0]!.path).metadata();
    expect([picture.width, picture.height]).toEqual([512, 192]);
  });
});

describe("hostile images fail their item quickly", () => {
  it.each([
    ["hostile/pixel-bomb.png", ".png", "content_limit_exceeded", /megapixels/],
    ["hostile/truncated.jpg", ".jpg", "corrupt_media", /JPG image could not be decoded/],
    ["hostile/truncated.png", ".png", "corrupt_media", /PNG image/],
    ["hostile/truncated.heic", ".heic", "corrupt_media", /HEIC image could not be read/],
    ["hostile/truncated-sequence.heic", ".heic", "corrupt_media", /HEIF image sequence could not be read/],
    ["hostile/truncated.bmp", ".bmp", "corrupt_media", /BMP image could not be read/],
  ])("%s -> %s", async (file, extension, code, message) => {
    const started = Date.now();
    const err = await failure(extractImage({ ...(await input(file)), extension }));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a PNG that is not a PNG", async () => {
    const err = await failure(extractImage({ ...(await input("audio/sample.flac")), extension: ".png" }));
    expect(err.code).toBe("corrupt_media");
  });
});

describe("a hostile SVG", () => {
  let server: Server;
  const requests: string[] = [];
  let hostile: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      res.end("<svg xmlns='http://www.w3.org/2000/svg'/>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    hostile = path.join(tmpdir(), `hostile-${port}.svg`);
    await writeFile(hostile, (await readFile(path.join(FIXTURES, "hostile/hostile.svg"), "utf8")).replaceAll("PORT", String(port)));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("renders without running its script or fetching anything", async () => {
    const result = await extractImage({ ...(await input("images/sample.svg")), path: hostile, filename: "hostile.svg" });
    expect(result.metadata).toMatchObject({ width: 200, height: 100, format: "svg" });
    expect(result.sections[0]!.text).toContain("SAFE TEXT");
    expect(String(result.metadata.svg_removed)).toMatch(/<script>.*<foreignObject>/);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests).toEqual([]);
  });

  it("the sanitiser keeps no script, foreign content or outside reference", async () => {
    const { svg, removed } = sanitizeSvg(await readFile(hostile, "utf8"));
    expect(svg).not.toMatch(/script|foreignObject|iframe|onload|127\.0\.0\.1|@import|xml-stylesheet/i);
    expect(svg).toContain("SAFE TEXT");
    expect(svg).toContain('<rect width="200" height="100" fill="#fff"/>');
    expect(removed).toEqual(expect.arrayContaining(["<script>", "<foreignObject>", "event handler onload"]));
  });

  it("keeps fragment references and embedded raster images", () => {
    const source = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="p" d="M0 0"/></defs><use xlink:href="#p"/><image href="data:image/png;base64,AAAA"/><image href="data:image/svg+xml;base64,AAAA"/><rect style="fill:url(#g)"/><rect style="fill:url(file:///etc/passwd)"/></svg>`;
    const { svg } = sanitizeSvg(source);
    expect(svg).toContain('xlink:href="#p"');
    expect(svg).toContain('href="data:image/png;base64,AAAA"');
    expect(svg).not.toContain("image/svg+xml");
    expect(svg).toContain('style="fill:url(#g)"');
    expect(svg).not.toContain("passwd");
  });

  it("refuses an SVG that is not XML", () => {
    expect(() => sanitizeSvg("<svg><g></svg>")).toThrow(/not valid XML/);
  });
});
