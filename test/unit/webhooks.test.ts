import { describe, expect, it } from "vitest";
import { WEBHOOK_MAX_ATTEMPTS } from "@/lib/constants";
import { AppError } from "@/lib/errors";
import { isPrivateAddress } from "@/lib/webhooks/address-policy";
import { checkWebhookUrl } from "@/lib/webhooks/check-webhook-url";
import { webhookRetryDelaySeconds } from "@/lib/webhooks/retry-schedule";
import { signWebhook, verifyWebhookSignature } from "@/lib/webhooks/sign-webhook";

describe("isPrivateAddress", () => {
  const privateOnes = ["127.0.0.1", "127.8.9.10", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "[::1]"];
  const publicOnes = ["93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255", "192.169.0.1", "2606:4700::1111", "::ffff:8.8.8.8"];
  for (const ip of privateOnes) it(`${ip} is private`, () => expect(isPrivateAddress(ip)).toBe(true));
  for (const ip of publicOnes) it(`${ip} is public`, () => expect(isPrivateAddress(ip)).toBe(false));
});

describe("checkWebhookUrl", () => {
  it("refuses private literals and names that resolve privately unless allowed", async () => {
    for (const url of ["http://127.0.0.1/x", "http://10.0.0.7:8080/x", "http://[::1]/x", "http://localhost/x", "https://192.168.0.10/x"]) {
      await expect(checkWebhookUrl(url, { allowPrivate: false }), url).rejects.toMatchObject({ code: "validation_error" });
      await expect(checkWebhookUrl(url, { allowPrivate: true }), url).resolves.toBeUndefined();
    }
  });
  it("accepts a public address and refuses credentials and other schemes", async () => {
    await expect(checkWebhookUrl("https://93.184.216.34/hooks/tessera", { allowPrivate: false })).resolves.toBeUndefined();
    await expect(checkWebhookUrl("https://user:pw@93.184.216.34/x", { allowPrivate: false })).rejects.toBeInstanceOf(AppError);
    await expect(checkWebhookUrl("ftp://93.184.216.34/x", { allowPrivate: false })).rejects.toBeInstanceOf(AppError);
  });
});

describe("webhook retry schedule", () => {
  it("grows 4x from the base, caps at 6 h, and spans about a day in all", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => webhookRetryDelaySeconds(n, 30))).toEqual([30, 120, 480, 1920, 7680, 21600, 21600]);
    expect(webhookRetryDelaySeconds(WEBHOOK_MAX_ATTEMPTS, 30)).toBeNull();
    let total = 0;
    for (let n = 1; n < WEBHOOK_MAX_ATTEMPTS; n++) total += webhookRetryDelaySeconds(n, 30)!;
    expect(total / 3600).toBeGreaterThan(20);
    expect(total / 3600).toBeLessThan(30);
  });
});

describe("webhook signature", () => {
  const body = JSON.stringify({ id: "evt_1", type: "batch.completed" });
  const now = Date.UTC(2026, 10, 29, 9, 0, 0);
  const timestamp = Math.floor(now / 1000);
  const header = signWebhook({ secret: "whsec_a", timestamp, body });

  it("is t=<unix>,v1=<hex HMAC-SHA256 of t.body>", () => {
    expect(header).toMatch(new RegExp(`^t=${timestamp},v1=[0-9a-f]{64}$`));
  });
  it("verifies with the right secret and body only, within the tolerance", () => {
    expect(verifyWebhookSignature({ secret: "whsec_a", header, body, now })).toBe(true);
    expect(verifyWebhookSignature({ secret: "whsec_b", header, body, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: "whsec_a", header, body: body + " ", now })).toBe(false);
    expect(verifyWebhookSignature({ secret: "whsec_a", header, body, now: now + 301_000 })).toBe(false);
  });
});
