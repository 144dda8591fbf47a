import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACCEPTED_EXTENSIONS, categoryOf, extensionOf } from "@/lib/batches/file-rules";
import { ACCEPTANCE_FILES, loadManifest } from "../acceptance/manifest";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [path.relative(ACCEPTANCE_FILES, full)];
  });
}

describe("the acceptance manifest", () => {
  const manifest = loadManifest();

  it("lists every corpus file once, and only files that exist", () => {
    const listed = manifest.map((e) => e.file);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.filter((f) => !existsSync(path.join(ACCEPTANCE_FILES, f)))).toEqual([]);
    expect([...filesUnder(ACCEPTANCE_FILES)].sort()).toEqual([...listed].sort());
  });

  it("names each file's category as the server does, and a well-formed expectation", () => {
    for (const e of manifest) {
      expect(categoryOf(e.file), e.file).toBe(e.category);
      if (e.expect === "succeeded") expect(Array.isArray(e.contains), e.file).toBe(true);
      else if (e.expect === "failed") expect(e.code, e.file).toMatch(/^[a-z_]+$/);
      else expect(e.expect, e.file).toBe("rejected");
    }
  });

  it("says what a known issue should do, and README lists every one", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    for (const e of manifest.filter((m) => m.known_issue !== undefined)) {
      expect(e.known_issue!.length, e.file).toBeGreaterThan(20);
      expect(readme, `README's acceptance corpus section names ${e.file}`).toContain(`\`${e.file}\``);
    }
  });

  it("holds at least two real files of every accepted extension", () => {
    const count = new Map<string, number>();
    for (const e of manifest) count.set(extensionOf(e.file), (count.get(extensionOf(e.file)) ?? 0) + 1);
    expect(ACCEPTED_EXTENSIONS.filter((ext) => (count.get(ext) ?? 0) < 2)).toEqual([]);
    expect(manifest.length).toBeGreaterThanOrEqual(300);
  });
});
