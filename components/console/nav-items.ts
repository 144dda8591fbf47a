export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/upload", label: "Upload" },
  { href: "/batches", label: "Batches" },
  { href: "/collections", label: "Collections" },
  { href: "/search", label: "Search" },
  { href: "/keys", label: "API keys" },
  { href: "/billing", label: "Billing" },
  { href: "/team", label: "Team" },
  { href: "/status", label: "Status" },
] as const;

export function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
