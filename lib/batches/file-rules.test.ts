import { describe, expect, it } from "vitest";
import { CATEGORIES, MAX_BATCH_BYTES, MAX_FILES_PER_BATCH } from "@/lib/constants";
import { ACCEPTED_EXTENSIONS, checkFile, selectionProblems } from "./file-rules";

describe("checkFile: what the upload page and the API decide from name and size", () => {
  it("accepts a supported file within its category's limit", () => {
    expect(checkFile({ name: "notes.MD", size: 10 })).toEqual({ category: "document", problem: null });
    expect(checkFile({ name: "clip.mp4", size: CATEGORIES.video.maxBytes })).toEqual({ category: "video", problem: null });
  });
  it("refuses unsupported types, empty files and paths", () => {
    expect(checkFile({ name: "setup.exe", size: 10 }).problem).toBe("unsupported file type '.exe'");
    expect(checkFile({ name: "README", size: 10 }).problem).toBe("unsupported file type '(none)'");
    expect(checkFile({ name: "empty.txt", size: 0 }).problem).toBe("the file is empty");
    expect(checkFile({ name: "a/b.txt", size: 1 }).problem).toContain("path");
  });
  it("applies each category's own size limit", () => {
    expect(checkFile({ name: "big.pdf", size: CATEGORIES.document.maxBytes + 1 }).problem).toBe("document files can be at most 20 MB");
    expect(checkFile({ name: "big.mp3", size: CATEGORIES.audio.maxBytes + 1 }).problem).toBe("audio files can be at most 50 MB");
  });
  it("lists every extension of CATEGORIES once", () => {
    expect(ACCEPTED_EXTENSIONS).toHaveLength(new Set(Object.values(CATEGORIES).flatMap((c) => c.extensions)).size);
  });
});

describe("selectionProblems: the request-wide limits", () => {
  it("is quiet within the limits", () => {
    expect(selectionProblems(Array.from({ length: MAX_FILES_PER_BATCH }, () => ({ size: 1 })))).toEqual([]);
  });
  it("reports too many files and too many bytes", () => {
    expect(selectionProblems(Array.from({ length: MAX_FILES_PER_BATCH + 1 }, () => ({ size: 1 })))).toEqual([`A batch holds at most 25 files; 26 are selected.`]);
    expect(selectionProblems([{ size: MAX_BATCH_BYTES }, { size: 1024 * 1024 }])).toEqual(["A batch holds at most 100 MB in all; the files add up to 101 MB."]);
  });
});
