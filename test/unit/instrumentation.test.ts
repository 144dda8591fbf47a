import { afterEach, describe, expect, it, vi } from "vitest";
import { onRequestError } from "@/instrumentation";

const request = { path: "/billing", method: "GET", headers: {} };
const render = { routerKind: "App Router", routePath: "/(console)/billing", routeType: "render", renderSource: "react-server-components", revalidateReason: undefined } as const;

describe("onRequestError", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs a failed page render with its page, request and the digest the browser shows", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const error = Object.assign(new Error("database is down"), { digest: "4242" });
    onRequestError(error, request, render);
    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0]![0]);
    expect(line).toMatch(/^\[tessera\] page render failed: GET \/billing \(\/\(console\)\/billing, react-server-components\) digest=4242: Error: database is down/);
  });

  it("leaves route handlers to their own error envelope", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    onRequestError(new Error("x"), { ...request, path: "/v1/balance" }, { ...render, routeType: "route" });
    expect(log).not.toHaveBeenCalled();
  });
});
