import { describe, expect, it } from "vitest";
import { requestOrigin } from "./request-origin";

describe("requestOrigin", () => {
  it("uses the Host the browser sent, not the server's bind address", () => {
    const request = new Request("http://localhost:3000/api/x", { headers: { host: "127.0.0.1:3000" } });
    expect(requestOrigin(request)).toBe("http://127.0.0.1:3000");
  });
  it("follows a TLS-terminating proxy", () => {
    const request = new Request("http://localhost:3000/api/x", { headers: { host: "internal:3000", "x-forwarded-host": "tessera.example.com", "x-forwarded-proto": "https" } });
    expect(requestOrigin(request)).toBe("https://tessera.example.com");
  });
});
