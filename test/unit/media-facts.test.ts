import { describe, expect, it } from "vitest";
import { otherFacts } from "@/components/media/media-facts";

describe("otherFacts", () => {
  it("reads stored keys as labels with their units, and booleans as Yes or No", () => {
    const facts = otherFacts({ duration_s: 5.2, sample_rate: 16000, has_audio: true, year: 2024, audio_codec: "aac", tags: ["a", "b"] }, new Set());
    expect(facts).toEqual([
      ["Duration", "5.2 s"],
      ["Sample rate", "16000 Hz"],
      ["Has audio", "Yes"],
      ["Year", "2024"],
      ["Audio codec", "aac"],
      ["Tags", "a; b"],
    ]);
  });

  it("leaves out what a dedicated panel already shows, the histogram and the box corners", () => {
    expect(otherFacts({ width: 10, d2_histogram: [1, 2], bbox_min_x: 0, fps: 10 }, new Set(["width"]))).toEqual([["Frame rate", "10 fps"]]);
  });
});
