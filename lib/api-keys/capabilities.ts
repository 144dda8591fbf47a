/** Kept apart from key generation (node:crypto) so the console's forms can import it. */
export const CAPABILITIES = ["read", "write", "delete"] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const CAPABILITY_DESCRIPTIONS: Record<Capability, string> = {
  read: "List and search media, follow batches, read the balance and status",
  write: "Upload files (spends credit), cancel batches, move media between collections",
  delete: "Delete media and whole collections",
};
