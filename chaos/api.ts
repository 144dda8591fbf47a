/** What the suite saw over HTTP: 5xx other than the documented 503, and error answers without the envelope. */
export const tally = { requests: 0, fiveHundreds: 0, envelopeMisses: 0, unavailable: 0 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route handlers' params differ per route
type Handler = (request: Request, route: { params: Promise<any> }) => Promise<Response>;

function isEnvelope(body: unknown): boolean {
  const e = (body as { success?: unknown; error?: { code?: unknown; message?: unknown; details?: unknown } })?.error;
  return (body as { success?: unknown })?.success === false && typeof e?.code === "string" && typeof e?.message === "string" && typeof e?.details === "object";
}

/** Calls a real route handler and checks the answer's shape. */
export async function call(handler: Handler, request: Request, params: Record<string, string | string[]> = {}) {
  tally.requests++;
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON the route answered
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  if (response.status >= 500) {
    if (response.status === 503 && body?.error?.code === "service_unavailable") tally.unavailable++;
    else tally.fiveHundreds++;
  }
  if (response.status >= 400 && !isEnvelope(body)) tally.envelopeMisses++;
  return { status: response.status, body };
}

export interface UploadFile {
  name: string;
  content: Buffer;
}

export function multipart(url: string, { apiKey, files, fields = {}, headers = {} }: { apiKey?: string; files: UploadFile[]; fields?: Record<string, string>; headers?: Record<string, string> }) {
  const form = new FormData();
  for (const f of files) form.append("file", new Blob([new Uint8Array(f.content)]), f.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request(url, { method: "POST", body: form, headers: { ...(apiKey && { "x-api-key": apiKey }), ...headers } });
}
