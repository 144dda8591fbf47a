// Presentations in slides per second: 10 generated PPTX decks of 40 slides with notes.

import path from "node:path";
import { extractPresentation } from "@/lib/pipeline/extract/presentations";
import { eachFile, type ExtractScenario } from "../lib/extract-scenario";
import { readBaseline } from "../lib/read-baseline";
import { writeZip } from "../lib/zip-writer";

const DECKS = 10;
const SLIDES = 40;
const NS = `xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`;
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const shape = (text: string, type?: string) =>
  `<p:sp><p:nvSpPr><p:nvPr>${type ? `<p:ph type="${type}"/>` : ""}</p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp>`;

async function makeDeck(file: string, deck: number): Promise<void> {
  const n = Array.from({ length: SLIDES }, (_, i) => i + 1);
  const entries: [string, string][] = [
    ["ppt/presentation.xml", `<p:presentation ${NS}><p:sldIdLst>${n.map((i) => `<p:sldId id="${255 + i}" r:id="rId${i}"/>`).join("")}</p:sldIdLst></p:presentation>`],
    ["ppt/_rels/presentation.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${n.map((i) => `<Relationship Id="rId${i}" Type="${REL}/slide" Target="slides/slide${i}.xml"/>`).join("")}</Relationships>`],
  ];
  for (const i of n) {
    entries.push(
      [`ppt/slides/slide${i}.xml`, `<p:sld ${NS}><p:cSld><p:spTree>${shape(`Deck ${deck} slide ${i}`, "title")}${shape("Orchards bloom twice a year; the harvest is counted in crates.")}</p:spTree></p:cSld></p:sld>`],
      [`ppt/slides/_rels/slide${i}.xml.rels`, `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/notesSlide" Target="../notesSlides/notesSlide${i}.xml"/></Relationships>`],
      [`ppt/notesSlides/notesSlide${i}.xml`, `<p:notes ${NS}><p:cSld><p:spTree>${shape(`Speaker notes for slide ${i}.`, "body")}</p:spTree></p:cSld></p:notes>`],
    );
  }
  await writeZip(file, entries);
}

export const scenario: ExtractScenario = {
  name: "Presentation: PPTX",
  unit: "slides",
  async makeCorpus(dir) {
    const files = Array.from({ length: DECKS }, (_, i) => path.join(dir, `deck-${i + 1}.pptx`));
    for (const [i, file] of files.entries()) await makeDeck(file, i + 1);
    return files;
  },
  run: (files) =>
    eachFile(files, async (file) => Number((await extractPresentation({ path: file, extension: ".pptx" })).metadata.slide_count)),
  baseline: readBaseline(() => SLIDES, false),
};
