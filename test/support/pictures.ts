import path from "node:path";
import sharp from "sharp";

/** A "scene": sky, sun, hills and a house, drawn as SVG, so tests need no binary fixtures. */
export function sceneSvg({ shift = 0, sun = "#f5c400" }: { shift?: number; sun?: string } = {}): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <rect width="320" height="240" fill="#7ec8f0"/>
    <circle cx="${250 + shift}" cy="55" r="30" fill="${sun}"/>
    <path d="M0 170 Q 80 110 160 165 T 320 150 V 240 H 0 Z" fill="#3f9b3f"/>
    <rect x="${90 + shift}" y="130" width="70" height="55" fill="#b5533c"/>
    <polygon points="${82 + shift},132 ${125 + shift},95 ${168 + shift},132" fill="#6b2d1f"/>
  </svg>`);
}

/** Something unrelated: black and white diagonal stripes with text. */
export function stripesSvg(): Buffer {
  const stripes = Array.from({ length: 16 }, (_, i) => `<rect x="${i * 40 - 160}" y="-40" width="20" height="400" transform="rotate(30)" fill="#111"/>`).join("");
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="#eee"/>${stripes}
    <text x="20" y="130" font-size="48" fill="#c00">INVOICE 42</text></svg>`);
}

/** Writes the three test pictures: a scene, its near-duplicate (shifted, resized, JPEG) and stripes. */
export async function writeTestPictures(dir: string) {
  const scene = path.join(dir, "scene.png");
  const nearDuplicate = path.join(dir, "scene-copy.jpg");
  const unrelated = path.join(dir, "stripes.webp");
  await sharp(sceneSvg()).png().toFile(scene);
  await sharp(sceneSvg({ shift: 6 })).resize(300, 225).modulate({ brightness: 1.05 }).jpeg({ quality: 70 }).toFile(nearDuplicate);
  await sharp(stripesSvg()).webp().toFile(unrelated);
  return { scene, nearDuplicate, unrelated };
}

export const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
