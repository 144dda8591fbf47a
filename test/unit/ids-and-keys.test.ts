import { describe, expect, it } from "vitest";
import { newId, randomToken } from "@/lib/ids";
import { API_KEY_PREFIX, generateApiKey, hashApiKey } from "@/lib/api-keys/generate-api-key";
import { readApiKey } from "@/lib/api-keys/authenticate-api-key";

describe("ids", () => {
  it("carry their type prefix and are unique", () => {
    const ids = Array.from({ length: 2000 }, () => newId("batch"));
    expect(new Set(ids).size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^batch_[a-z2-7]{20}$/);
    expect(newId("med")).toMatch(/^med_/);
  });

  it("random tokens use the whole lower-case base32 alphabet", () => {
    const seen = new Set(randomToken(5000));
    expect(seen.size).toBe(32);
  });
});

describe("API keys", () => {
  it("are long random secrets with a visible prefix and a SHA-256 hash", () => {
    const { secret, prefix, hash } = generateApiKey();
    expect(secret.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(secret.length).toBeGreaterThanOrEqual(50);
    expect(secret.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(secret.length / 3);
    expect(hash).toBe(hashApiKey(secret));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiKey().secret).not.toBe(secret);
  });

  it("are read from X-Api-Key or a Bearer token", () => {
    expect(readApiKey(new Headers({ "x-api-key": " tsk_a " }))).toBe("tsk_a");
    expect(readApiKey(new Headers({ authorization: "Bearer tsk_b" }))).toBe("tsk_b");
    expect(readApiKey(new Headers({ authorization: "Basic abc" }))).toBeNull();
    expect(readApiKey(new Headers())).toBeNull();
  });
});
