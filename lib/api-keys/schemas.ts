import { z } from "zod";
import { CAPABILITIES } from "./capabilities";

export const CreateApiKeyBody = z.object({
  name: z.string().trim().min(1, "Name the key (where it will be used).").max(100, "Use at most 100 characters."),
  capabilities: z
    .array(z.enum(CAPABILITIES))
    .min(1, "Choose at least one capability.")
    .transform((list) => CAPABILITIES.filter((c) => list.includes(c))),
});
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

/** What the console lists: never the hash, and the secret only in the create response. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  capabilities: string[];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  capabilities: string[];
  /** Shown once: only its hash is stored. */
  secret: string;
}
