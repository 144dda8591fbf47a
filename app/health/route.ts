import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness, without a key: 200 when PostgreSQL and Chroma answer, 503 otherwise. */
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503 });
}
