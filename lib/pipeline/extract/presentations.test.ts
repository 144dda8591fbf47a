import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractPresentation } from "@/lib/pipeline/extract/presentations";
import { ItemError } from "@/lib/pipeline/types";

const dir = path.resolve(import.meta.dirname, "../../../test/fixtures/presentations");
const extract = (file: string) => extractPresentation({ path: path.join(dir, file), extension: path.extname(file), filename: file });

describe("extractPresentation", () => {
  it.each(["sample.pptx", "sample.odp"])("reads %s as one section per slide, in order, with speaker notes", async (file) => {
    const { sections, metadata, description } = await extract(file);
    expect(sections.map((s) => s.label)).toEqual(["Slide 1", "Slide 2", "Slide 3"]);
    expect(sections[0]?.text).toMatch(/^Orchard Review\n+Granite orchards bloom twice a year on the northern slope\.\n\nSpeaker notes: Speaker note: thank the pickers first\.$/);
    expect(sections[1]?.text).toContain("Apples up twelve percent");
    expect(sections[1]?.text).toContain("Speaker notes: Mention the copper rain gauge.");
    expect(sections[2]?.text).not.toContain("Speaker notes");
    expect(metadata).toMatchObject({ slide_count: 3, slides_with_notes: 2, title: "Orchard Review" });
    expect(description).toBe(`Presentation '${file}' titled 'Orchard Review', 3 slides: Orchard Review, Harvest figures, Next steps; speaker notes on 2.`);
  });

  it.each(["truncated.pptx", "truncated.odp", "../spreadsheets/bomb.xlsx"])("refuses %s as corrupt_media quickly", async (file) => {
    const started = Date.now();
    const err = await extractPresentation({ path: path.join(dir, file), extension: file.endsWith("odp") ? ".odp" : ".pptx" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ItemError);
    expect((err as ItemError).code).toBe("corrupt_media");
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
