import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractWeb } from "@/lib/pipeline/extract/web";
import { ItemError } from "@/lib/pipeline/types";

const dir = path.resolve(import.meta.dirname, "../../../test/fixtures/web");
const tmp = mkdtempSync(path.join(tmpdir(), "tessera-web-"));
const PHRASE = "Cobalt kites drift over the salt marsh";
const extract = (file: string, filename = file) => extractWeb({ path: path.join(dir, file), extension: path.extname(file), filename });
const textOf = (sections: { text: string }[]) => sections.map((s) => s.text).join("\n");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ItemError);
  return (err as ItemError).code;
}

describe("extractWeb", () => {
  it.each(["sample.html", "sample.htm", "sample.hml"])("reads %s as text labelled by its headings, without scripts or styles", async (file) => {
    const { sections, metadata, description } = await extract(file);
    const all = textOf(sections);
    expect(all).toContain(`${PHRASE} every spring, & the wardens count them.`);
    expect(all).not.toMatch(/SCRIPT_TEXT|NOSCRIPT_TEXT|color: red|hidden-style-marker|<p>/);
    expect(sections.find((s) => s.text.includes(PHRASE))?.label).toBe("Marsh Almanac");
    expect(sections.find((s) => s.text.includes("High water at dawn"))?.label).toBe("Tides");
    expect(metadata).toMatchObject({ title: "Marsh Almanac", headings: 2 });
    expect(description).toBe(`Web page '${file}', titled 'Marsh Almanac'; headings: Marsh Almanac, Tides.`);
  });

  it("writes JSON as key-path lines", async () => {
    const { sections, description } = await extract("sample.json");
    const all = textOf(sections);
    expect(all).toContain(`almanac.entries[2].note: ${PHRASE} at noon`);
    expect(all).toContain("almanac.title: Marsh Almanac");
    expect(all).toContain("wardens[1]: Ben");
    expect(description).toBe("JSON data 'sample.json': an object with keys almanac, wardens.");
  });

  it("splits long JSON into sections of whole lines labelled by their top-level keys", async () => {
    const big = { first: Array.from({ length: 80 }, (_, i) => ({ id: i, name: `item number ${i}` })), second: { note: "tail" } };
    const file = path.join(tmp, "big.json");
    writeFileSync(file, JSON.stringify(big));
    const { sections } = await extractWeb({ path: file, extension: ".json" });
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((s) => s.text.split("\n").every((line) => /^(first\[\d+\]\.(id|name)|second\.note): /.test(line)))).toBe(true);
    expect(sections[0]?.label).toBe("first");
    expect(sections.at(-1)?.label).toBe("first … second");
  });

  it("writes XML as element paths with attributes", async () => {
    const { sections, metadata } = await extract("sample.xml");
    const all = textOf(sections);
    expect(all).toContain(`almanac.entry.note: ${PHRASE} at noon`);
    expect(all).toContain("almanac.entry@day: Wednesday");
    expect(metadata).toMatchObject({ root_element: "almanac", elements: 6 });
  });

  it("reads XHTML saved as .xml as a web page", async () => {
    const file = path.join(tmp, "page.xml");
    writeFileSync(file, `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Log</h1><p>${PHRASE}</p></body></html>`);
    const { sections } = await extractWeb({ path: file, extension: ".xml" });
    expect(sections.find((s) => s.text.includes(PHRASE))?.label).toBe("Log");
  });

  it.each(["xxe.xml", "billion-laughs.xml"])("refuses %s quickly without expanding its entities", async (file) => {
    const started = Date.now();
    const err = await extract(file).catch((e: ItemError) => e);
    expect(err).toBeInstanceOf(ItemError);
    expect((err as ItemError).code).toBe("corrupt_media");
    expect((err as ItemError).message).toMatch(/declares entities/);
    expect((err as ItemError).message).not.toMatch(/root:|lollol/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("keeps undeclared entity references as written instead of failing", async () => {
    const file = path.join(tmp, "nbsp.xml");
    writeFileSync(file, "<note><body>a&nbsp;b</body></note>");
    const { sections } = await extractWeb({ path: file, extension: ".xml" });
    expect(textOf(sections)).toBe("note.body: a&nbsp;b");
  });

  it.each(["truncated.json", "truncated.xml"])("refuses %s as corrupt_media", async (file) => {
    expect(await codeOf(extract(file))).toBe("corrupt_media");
  });

  it("fails JSON nested too deep to be readable with content_limit_exceeded, not a stack overflow", async () => {
    const file = path.join(tmp, "deep.json");
    writeFileSync(file, `${"[".repeat(200_000)}1${"]".repeat(200_000)}`);
    expect(await codeOf(extractWeb({ path: file, extension: ".json" }))).toBe("content_limit_exceeded");
  });

  // htmlparser2 pays the depth on every element: a million unclosed <div>s took minutes.
  it("fails HTML nested deeper than any browser renders with content_limit_exceeded, before parsing", async () => {
    const file = path.join(tmp, "divs.html");
    writeFileSync(file, `<html><body>${"<div>".repeat(1_000_000)}x</body></html>`);
    const err = await extractWeb({ path: file, extension: ".html" }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: "content_limit_exceeded", message: "the markup nests elements 1000002 deep; the limit is 5000" });
  });

  it("reads deep but renderable HTML, and elements a parser closes by itself do not count as nesting", async () => {
    const deep = path.join(tmp, "deep.html");
    writeFileSync(deep, `<html><body>${"<section>".repeat(4_000)}${PHRASE}${"</section>".repeat(4_000)}</body></html>`);
    expect(textOf((await extractWeb({ path: deep, extension: ".html" })).sections)).toContain(PHRASE);
    const old = path.join(tmp, "unclosed.html");
    writeFileSync(old, `<html><body><ul>${"<li>item<p>para<br><img src=x.png>".repeat(20_000)}</ul><p>${PHRASE}</body></html>`);
    expect(textOf((await extractWeb({ path: old, extension: ".html" })).sections)).toContain(PHRASE);
  });

  it("fails a file whose text is over the limit with content_limit_exceeded", async () => {
    const file = path.join(tmp, "huge.json");
    writeFileSync(file, JSON.stringify(Array.from({ length: 120_000 }, (_, i) => `value number ${i} padded to be long enough`)));
    expect(await codeOf(extractWeb({ path: file, extension: ".json" }))).toBe("content_limit_exceeded");
  });
});

describe("web page descriptions", () => {
  it("are left out for a page with neither title nor headings", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "tessera-web-")), "bare.html");
    writeFileSync(file, "<html><body><p>Only a paragraph about tide tables.</p></body></html>");
    const out = await extractWeb({ path: file, extension: ".html", filename: "bare.html" });
    expect(out.description).toBeUndefined();
    expect(out.sections.map((s) => s.text).join(" ")).toContain("tide tables");
  });
});
