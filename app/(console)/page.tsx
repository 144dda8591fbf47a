import type { Metadata } from "next";
import { headers } from "next/headers";
import { OverviewView } from "@/components/overview/overview-view";

export const metadata: Metadata = { title: "Overview · Tessera" };

/** The address people reach Tessera at (a proxy's forwarded host first), for the curl examples. */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export default async function OverviewPage() {
  return <OverviewView origin={await requestOrigin()} />;
}
