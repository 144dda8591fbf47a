export interface TeamMember {
  id: string;
  name: string | null;
  email: string;
  role: "owner" | "admin";
  joined_at: string;
}

export interface OpenInvitation {
  id: string;
  email: string;
  created_at: string;
  expires_at: string;
}

/** The token is in `path` once, here: only its hash is stored. */
export interface CreatedInvitation extends OpenInvitation {
  path: string;
}
