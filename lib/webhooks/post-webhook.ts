import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { WEBHOOK_ERROR_MAX_CHARS } from "@/lib/constants";
import { resolveWebhookHost } from "./address-policy";

export interface PostResult {
  statusCode: number | null;
  error: string | null;
}

/**
 * One POST to a webhook URL. The host is resolved and checked here, at delivery, and the
 * connection goes only to the addresses that were checked (a pinned lookup), so a name
 * that answers differently the second time (DNS rebinding) cannot redirect us to a private
 * address. Redirects are not followed: a 3xx counts as not delivered.
 */
export async function postWebhook({ url, headers, body, timeoutMs, allowPrivate }: { url: string; headers: Record<string, string>; body: string; timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  const target = new URL(url);
  const addresses = await resolveWebhookHost(target.hostname, { allowPrivate });
  // Every checked address, and only those: Node (autoSelectFamily, on by default) tries them in turn, so a
  // receiver that is down on one of its addresses still gets the delivery on another.
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const client = target.protocol === "https:" ? https : http;
  return new Promise<PostResult>((resolve) => {
    const request = client.request(
      target,
      { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body).toString() }, lookup: pinned, agent: false },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (text.length < WEBHOOK_ERROR_MAX_CHARS) text += chunk;
        });
        response.on("end", () => {
          clearTimeout(timer);
          const statusCode = response.statusCode ?? null;
          const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
          resolve({ statusCode, error: ok ? null : `HTTP ${statusCode}${text ? `: ${text.slice(0, WEBHOOK_ERROR_MAX_CHARS)}` : ""}` });
        });
        response.on("error", (error) => {
          clearTimeout(timer);
          resolve({ statusCode: response.statusCode ?? null, error: error.message });
        });
      },
    );
    // One deadline for the whole attempt: connect, send and the receiver's answer.
    const timer = setTimeout(() => request.destroy(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    request.on("error", (error) => {
      clearTimeout(timer);
      resolve({ statusCode: null, error: error.message });
    });
    request.end(body);
  });
}
