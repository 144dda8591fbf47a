import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractEbook } from "@/lib/pipeline/extract/ebooks";
import { ItemError } from "@/lib/pipeline/types";

const dir = path.resolve(import.meta.dirname, "../../../test/fixtures/ebooks");
const PHRASE = "Amber lanterns line the harbour wall";
const extract = (file: string) => extractEbook({ path: path.join(dir, file), extension: path.extname(file), filename: file });

describe("extractEbook", () => {
  it("reads an EPUB's chapters labelled with their titles", async () => {
    const { sections, metadata, description } = await extract("sample.epub");
    expect(sections).toEqual([
      { label: "The Quay", text: `The Quay\n\n${PHRASE} when the ferries come in.` },
      { label: "The Lighthouse", text: "The Lighthouse\n\nThe keeper climbs one hundred steps each night." },
    ]);
    expect(metadata).toMatchObject({ chapter_count: 2, title: "Harbour Tales", language: "en" });
    expect(description).toMatch(/^E-book 'sample\.epub' titled 'Harbour Tales' by .+, 2 chapters: The Quay, The Lighthouse\.$/);
  });

  it("follows the spine, not the file names, and takes titles from the nav document", async () => {
    const { sections, metadata } = await extract("spine-order.epub");
    expect(sections.map((s) => s.label)).toEqual(["Chapter One: Dawn", "Chapter Two: Dusk"]);
    expect(sections[0]?.text).toContain(`${PHRASE} at first light`);
    expect(metadata).toMatchObject({ author: "Ben Reader", title: "Spine Order" });
  });

  it("reads an e-mail's subject, from, to, date, text body and attachment names", async () => {
    const { sections, metadata, description } = await extract("sample.eml");
    expect(sections[0]).toEqual({
      label: "Message headers",
      text: "Subject: Harbour report for Tuesday\nFrom: Ada Keeper <ada@example.org>\nTo: Ben Reader <ben@example.org>, crew@example.org\nDate: 2026-11-03T09:15:00.000Z\nAttachments: tides.csv",
    });
    expect(sections.slice(1).map((s) => s.label)).toEqual(["Message body"]);
    expect(sections[1]?.text).toContain(`${PHRASE} tonight; the ferry is late.`);
    // The text part is used; the HTML alternative is not read twice.
    expect(sections[1]?.text).not.toContain("<p>");
    expect(sections.map((s) => s.text).join(" ").split(PHRASE)).toHaveLength(2);
    expect(metadata).toMatchObject({ subject: "Harbour report for Tuesday", from: "Ada Keeper <ada@example.org>", attachments: 1 });
    expect(description).toContain("E-mail message 'sample.eml' with subject 'Harbour report for Tuesday' from Ada Keeper <ada@example.org>");
    expect(description).toContain("attachments: tides.csv");
  });

  it("converts an HTML-only e-mail body to text, with encoded-word subjects decoded", async () => {
    const { sections, metadata } = await extract("html-only.eml");
    expect(metadata.subject).toBe("Re: Harbour report");
    const body = sections.filter((s) => s.label === "Message body").map((s) => s.text).join("\n");
    expect(body).toContain(`${PHRASE}, I saw them too.`);
    expect(body).not.toMatch(/alert|color: blue|<p>/);
  });

  // Gmail's and Thunderbird's exports open with the mbox separator line; editors save UTF-16.
  it.each([
    ["an mbox export (From_ line first)", (raw: Buffer) => Buffer.concat([Buffer.from("From 1275267068816858875@xxx Wed Jul 16 06:24:10 +0000 2008\r\n"), raw])],
    ["UTF-16 with a byte-order mark", (raw: Buffer) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(raw.toString("latin1"), "utf16le")])],
    ["UTF-16 big-endian without a byte-order mark", (raw: Buffer) => Buffer.from(raw.toString("latin1"), "utf16le").swap16()],
  ])("reads an e-mail saved as %s", async (_what, transform) => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "eml-"));
    try {
      const file = path.join(tmp, "saved.eml");
      await writeFile(file, transform(await readFile(path.join(dir, "sample.eml"))));
      const { sections, metadata } = await extractEbook({ path: file, extension: ".eml", filename: "saved.eml" });
      expect(metadata).toMatchObject({ subject: "Harbour report for Tuesday", from: "Ada Keeper <ada@example.org>", attachments: 1 });
      expect(sections[1]?.text).toContain(`${PHRASE} tonight; the ferry is late.`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it.each(["truncated.epub", "no-opf.epub", "corrupt.eml"])("refuses %s as corrupt_media quickly", async (file) => {
    const started = Date.now();
    const err = await extract(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ItemError);
    expect((err as ItemError).code).toBe("corrupt_media");
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
