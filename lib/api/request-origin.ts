/**
 * The origin the browser used. Next's request.url names the server's own bind address
 * (localhost), so links built from it would land where the session cookie is not sent;
 * the Host header (and a proxy's X-Forwarded-Proto) say what the person typed.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}
