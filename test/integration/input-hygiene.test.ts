import { describe, expect, it } from "vitest";
import { POST } from "@/app/v1/batches/route";
import { call } from "./api-client";
import { newAccount } from "./helpers";

/**
 * A multipart body written byte by byte, the way curl and browsers send it: the filename's
 * UTF-8 bytes go raw inside `filename="…"`, nothing escaped.
 */
function rawMultipart(parts: Array<{ disposition: Buffer; content: string }>, boundary = "hygieneboundary") {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; `), part.disposition, Buffer.from(`\r\nContent-Type: text/plain\r\n\r\n${part.content}\r\n`));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function postRaw(apiKey: string, body: Buffer, contentType: string) {
  const request = new Request("http://tessera.test/v1/batches", {
    method: "POST",
    body: new Uint8Array(body),
    headers: { "x-api-key": apiKey, "content-type": contentType },
  });
  const response = await POST(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as any };
}

describe("filenames are decoded as UTF-8", () => {
  it("raw UTF-8 bytes in filename= and an RFC 5987 filename* are stored and returned intact", async () => {
    const { apiKey } = await newAccount();
    const { body, contentType } = rawMultipart([
      { disposition: Buffer.from('filename="café.txt"', "utf8"), content: "un café" },
      { disposition: Buffer.from('filename="文件.txt"', "utf8"), content: "一个文件" },
      // filename* wins over the ASCII fallback, as RFC 6266 says.
      { disposition: Buffer.from(`filename="fallback.txt"; filename*=UTF-8''%C3%BCber%20gr%C3%B6%C3%9Fe.txt`), content: "über" },
      { disposition: Buffer.from(`filename*=utf-8''%F0%9F%93%84notes.md`), content: "# notes" },
    ]);
    const submitted = await postRaw(apiKey, body, contentType);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.data.total_items).toBe(4);

    const results = await call("get /v1/batches/{id}/results", { apiKey, id: submitted.body.data.batch_id });
    expect(results.status).toBe(200);
    expect(results.body.data.items.map((i: { filename: string }) => i.filename)).toEqual(["café.txt", "文件.txt", "über größe.txt", "📄notes.md"]);
  });
});
