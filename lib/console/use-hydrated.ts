import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has attached its handlers, true after. A button
 * that does nothing without its handler stays disabled until then: clicked early, it would do
 * nothing, or submit its form natively and put a password in the URL.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
