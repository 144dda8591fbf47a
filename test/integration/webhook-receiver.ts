import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A webhook receiver on 127.0.0.1 that answers 500 to the first `failFirst` requests of each path. */
export async function startReceiver({ failFirst = 0 }: { failFirst?: number } = {}) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const seen = received.filter((r) => r.path === path).length;
      const answered = seen < failFirst ? 500 : 200;
      received.push({ path, headers: req.headers, body, answered });
      res.writeHead(answered, { "content-type": "text/plain" }).end(answered === 200 ? "ok" : "try again");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
