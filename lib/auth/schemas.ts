import { z } from "zod";

export const Email = z.string().trim().toLowerCase().email("Enter a valid email address.").max(254);
/** Length is what makes a password strong; 10 is NIST's floor plus a margin. */
export const Password = z.string().min(10, "Use at least 10 characters.").max(200, "Use at most 200 characters.");

export const SignUpBody = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
  email: Email,
  password: Password,
  accountName: z.string().trim().min(1, "Name the account (your team or company).").max(100),
});
export type SignUpBody = z.infer<typeof SignUpBody>;

export const SignInBody = z.object({ email: Email, password: z.string().min(1).max(200) });
export type SignInBody = z.infer<typeof SignInBody>;

export const InviteBody = z.object({ email: Email });
export type InviteBody = z.infer<typeof InviteBody>;

export const AcceptInvitationBody = z.object({
  token: z.string().min(10).max(200),
  name: z.string().trim().min(1, "Enter your name.").max(100),
  password: Password,
});
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>;
