/** True once a session signed in at `signedInAt` (epoch seconds) has lived `maxAgeSeconds`. */
export function sessionExpired(signedInAt: unknown, maxAgeSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  if (typeof signedInAt !== "number") return true;
  return nowSeconds - signedInAt >= maxAgeSeconds;
}
