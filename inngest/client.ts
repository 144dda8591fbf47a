import { Inngest } from "inngest";
import { env, type Env } from "@/lib/env";

type InngestEnv = Pick<Env, "INNGEST_EVENT_KEY" | "INNGEST_SIGNING_KEY" | "INNGEST_DEV" | "INNGEST_BASE_URL">;

/**
 * Options from lib/env (the only reader of process.env), passed explicitly so the SDK's own
 * environment lookups never disagree with Tessera's. INNGEST_DEV is "1" (a dev server on its
 * default URL) or the dev server's URL.
 */
export function createInngestClient(e: InngestEnv = env) {
  const devUrl = e.INNGEST_DEV && /^https?:\/\//.test(e.INNGEST_DEV) ? e.INNGEST_DEV : undefined;
  const baseUrl = devUrl ?? e.INNGEST_BASE_URL;
  return new Inngest({
    id: "tessera",
    isDev: Boolean(e.INNGEST_DEV),
    ...(e.INNGEST_EVENT_KEY && { eventKey: e.INNGEST_EVENT_KEY }),
    ...(e.INNGEST_SIGNING_KEY && { signingKey: e.INNGEST_SIGNING_KEY }),
    ...(baseUrl && { baseUrl }),
  });
}

export const inngest = createInngestClient();
