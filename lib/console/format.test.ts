import { describe, expect, it } from "vitest";
import { formatBytes, formatMicros, formatSeconds, timeAgo } from "./format";

describe("console formatting", () => {
  it("shows micro-dollars as dollars, keeping sub-cent amounts", () => {
    expect(formatMicros(25_000_000)).toBe("$25.00");
    expect(formatMicros(40_000)).toBe("$0.04");
    expect(formatMicros(-30_000)).toBe("-$0.03");
    expect(formatMicros(1)).toBe("$0.000001");
  });
  it("shows sizes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
  });
  it("shows timecodes and relative times", () => {
    expect(formatSeconds(75.4)).toBe("1:15");
    expect(timeAgo(new Date(1_000_000 - 5 * 60_000), 1_000_000)).toBe("5 minutes ago");
    expect(timeAgo(null)).toBe("never");
  });
});
