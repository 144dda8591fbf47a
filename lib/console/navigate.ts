"use client";

/**
 * A full page load, on purpose, whenever the signed-in user changes (sign-in, sign-out,
 * expiry): it drops every cached query and server payload of the previous user, so nothing
 * of one account can flash on the screen of another.
 */
export function navigateAfterAuthChange(path: string): void {
  window.location.assign(path);
}
