import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// Item runs take as long as extraction and embedding do.
export const maxDuration = 300;

// Register this URL (https://your-host/api/inngest) with Inngest Cloud or a self-hosted server.
export const { GET, POST, PUT } = serve({ client: inngest, functions });
