import { ItemError, type Extraction, type Extractor, type ExtractedSection } from "@/lib/pipeline/types";
import { ensureReadable, listShort, quoted, TextBudget, throwIfCancelled } from "@/lib/pipeline/extract/guards";
import { refuseEncryptedOffice } from "@/lib/pipeline/extract/password-protected";
import { readOdp } from "@/lib/pipeline/extract/odp-slides";
import { readPptx } from "@/lib/pipeline/extract/pptx-slides";
import { cleanSections, putText } from "@/lib/pipeline/extract/sections";

/** .pptx .odp: one section per slide ("Slide N"), its text followed by its speaker notes. */
export const extractPresentation: Extractor = async ({ path, extension, filename, signal }) => {
  throwIfCancelled(signal);
  await ensureReadable(path);
  if (extension !== ".pptx" && extension !== ".odp") {
    throw new ItemError("unsupported_media", `${extension || "this file type"} is not a presentation type`);
  }
  if (extension === ".pptx") await refuseEncryptedOffice(path, extension);
  const { slides, title } = await (extension === ".pptx" ? readPptx : readOdp)(path, signal);
  const budget = new TextBudget();
  const sections: ExtractedSection[] = slides.map((s) => ({
    label: `Slide ${s.number}`,
    text: budget.take(s.notes.trim() ? `${s.text}\n\nSpeaker notes: ${s.notes}` : s.text),
  }));
  const cleaned = cleanSections(sections);
  const metadata: Extraction["metadata"] = { slide_count: slides.length, slides_with_notes: slides.filter((s) => s.notes.trim()).length };
  putText(metadata, "title", title);
  metadata.characters = cleaned.reduce((n, s) => n + s.text.length, 0);
  const titles = slides.map((s) => s.title?.replace(/\s+/g, " ")).filter((t): t is string => Boolean(t));
  const description =
    `Presentation${quoted(filename)}${title ? ` titled '${title}'` : ""}, ${slides.length} slide${slides.length === 1 ? "" : "s"}` +
    `${titles.length ? `: ${listShort(titles, 10)}` : ""}; speaker notes on ${metadata.slides_with_notes}.`;
  return { sections: cleaned, metadata, description };
};
