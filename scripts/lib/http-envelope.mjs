// Preloaded into the web server (`node --import`, set by scripts/tessera.mjs through
// NODE_OPTIONS): the answers Node's HTTP server or Next give before any Tessera route runs,
// in the API's JSON error envelope.
//
// - A request whose headers overflow Node's limit never reaches Next: Node writes a bare
//   `431` (or `400` for an unparsable request) and closes. A `clientError` handler may answer
//   instead, so this one sends the envelope.
// - Next redirects a path with `//` to its cleaned form with a 308 before routing, so
//   `DELETE /v1/media/collections/p//q` would be redirected to, and with `curl -L` delete,
//   collection `p/q`. Under /v1 such a path is refused here with validation_error instead.
//
// The codes are rows of lib/errors.ts's table (test/unit/http-envelope.test.ts checks that).

import http from "node:http";

const envelope = (code, message, details = {}) => JSON.stringify({ success: false, error: { code, message, details } });

function rawResponse(status, reason, body) {
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

function answerClientError(error, socket) {
  if (!socket.writable || socket.__tesseraAnswered) return socket.destroy();
  socket.__tesseraAnswered = true;
  const tooLarge = error && error.code === "HPE_HEADER_OVERFLOW";
  const body = tooLarge
    ? envelope("header_too_large", "The request's headers are larger than the server accepts (16 KB in all).", { max_allowed_bytes: http.maxHeaderSize })
    : envelope("validation_error", "The request could not be parsed as HTTP.");
  socket.end(rawResponse(tooLarge ? 431 : 400, tooLarge ? "Request Header Fields Too Large" : "Bad Request", body));
}

/** A /v1 path with an empty segment (`//`): refused, never cleaned into another resource's path. */
export function refusesPath(url) {
  if (typeof url !== "string") return false;
  const pathname = url.split("?")[0];
  return /^\/v1(\/|$)/.test(pathname) && pathname.includes("//");
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === "clientError") {
    answerClientError(args[0], args[1]);
    return true;
  }
  if (event === "request" && refusesPath(args[0].url)) {
    const [req, res] = args;
    const pathname = req.url.split("?")[0];
    const body = envelope("validation_error", "The path has an empty segment ('//'); collection names and ids never contain one.", { path: pathname });
    res.writeHead(400, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
    req.resume();
    return true;
  }
  return emit.call(this, event, ...args);
};
