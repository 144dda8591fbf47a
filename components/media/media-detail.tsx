"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { collectionHref } from "@/components/collections/collection-paths";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { ApiError } from "@/lib/console/api";
import { formatBytes, formatDateTime, formatSeconds } from "@/lib/console/format";
import { mediaQuery } from "@/lib/console/queries";
import { ChunkList, Transcript } from "./chunk-list";
import { DeleteMediaDialog } from "./delete-media-dialog";
import { FactList, geometryFacts, imageFacts, otherFacts, pictureCaption } from "./media-facts";
import { PreviewImage } from "./preview-image";

const TIMED = new Set(["audio", "video"]);

export function MediaDetail({ mediaId }: { mediaId: string }) {
  const router = useRouter();
  const [deleting, setDeleting] = useState(false);
  const { data, error, isPending, refetch } = useQuery(mediaQuery(mediaId));

  if (isPending) return <LoadingRows rows={6} label="Loading media" />;
  if (error instanceof ApiError && error.status === 404) {
    return (
      <>
        <PageHeader title="Media not found" />
        <EmptyState title="There is no media with this id in your account" action={<ButtonLink href="/collections">Back to collections</ButtonLink>}>
          It may have been deleted, or the link belongs to another account.
        </EmptyState>
      </>
    );
  }
  if (error) return <ErrorState error={error} retry={() => void refetch()} />;

  const m = data;
  const metadata = m.metadata;
  const chunks = m.chunks ?? [];
  const geometry = m.media_type === "model3d" ? geometryFacts(metadata) : [];
  const picture = m.media_type === "image" ? imageFacts(metadata) : [];
  const shown = new Set(["width", "height", "format", "camera", "taken_at", "latitude", "longitude", "vertex_count", "triangle_count", "part_count", "material_count", "parts", "materials", "surface_area", "volume", "closed", "unit", "thumbnail"]);
  const others = otherFacts(metadata, m.media_type === "image" || m.media_type === "model3d" ? shown : new Set());
  const text = TIMED.has(m.media_type) ? chunks.filter((c) => c.start_s === null) : chunks;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={collectionHref(m.collection)} className="break-all text-indigo-700 hover:underline">
          ← {m.collection}
        </Link>
      </p>
      <PageHeader
        title={m.filename}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge>{m.media_type}</Badge>
            <StatusBadge status={m.status} />
            <span>
              {formatBytes(m.size_bytes)} · {m.chunk_count} {m.chunk_count === 1 ? "chunk" : "chunks"}
            </span>
          </span>
        }
        actions={
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
        <div className="min-w-0 space-y-6">
          {m.previews.length > 0 && (
            <Card title={m.media_type === "video" ? "Key frames" : m.media_type === "model3d" ? "Thumbnail" : "Picture"}>
              <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
                {m.previews.map((p) => {
                  const caption = pictureCaption(p, formatSeconds) ?? `Preview ${p.index + 1}`;
                  return (
                    <li key={p.index} className={m.previews.length === 1 ? "col-span-2 sm:col-span-3" : ""}>
                      <figure>
                        <PreviewImage url={p.url} alt={`${m.filename}: ${caption}`} className={`w-full rounded ${m.previews.length === 1 ? "max-h-96" : "aspect-video"}`} />
                        <figcaption className="mt-1 text-xs text-slate-600">{caption}</figcaption>
                      </figure>
                    </li>
                  );
                })}
              </ul>
            </Card>
          )}
          {geometry.length > 0 && (
            <Card title="Geometry">
              <FactList facts={geometry} />
            </Card>
          )}
          {TIMED.has(m.media_type) && (
            <Card title="Transcript">
              <Transcript chunks={chunks} />
            </Card>
          )}
          <Card title={TIMED.has(m.media_type) ? "Other extracted text" : "Extracted text"}>
            {text.length ? <ChunkList chunks={text} /> : <p className="text-sm text-slate-600">{m.status === "pending" ? "Still being processed." : "No text was extracted."}</p>}
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card title="Details">
            <FactList
              facts={[
                ["Media id", <code key="id" className="text-xs break-all">{m.media_id}</code>],
                ["Collection", <Link key="c" href={collectionHref(m.collection)} className="break-all text-indigo-700 hover:underline">{m.collection}</Link>],
                ["Type", `${m.media_type} (${m.extension})`],
                ["Size", formatBytes(m.size_bytes)],
                ["Revision", String(m.revision)],
                [
                  "Checksum",
                  <span key="sum" className="flex items-center gap-2">
                    <code className="min-w-0 truncate text-xs" title={m.checksum} aria-label={`SHA-256 ${m.checksum}`}>
                      {m.checksum.slice(0, 12)}…
                    </code>
                    <CopyButton value={m.checksum} />
                  </span>,
                ],
                ["Batch", m.batch_id ? <Link key="b" href={`/batches/${encodeURIComponent(m.batch_id)}`} className="break-all text-indigo-700 hover:underline">{m.batch_id}</Link> : "—"],
                ["Created", formatDateTime(m.created_at)],
                ["Updated", formatDateTime(m.updated_at)],
              ]}
            />
          </Card>
          {picture.length > 0 && (
            <Card title="Image and EXIF">
              <FactList facts={picture} />
            </Card>
          )}
          {others.length > 0 && (
            <Card title="Metadata">
              <FactList facts={others} />
            </Card>
          )}
        </div>
      </div>
      {deleting && (
      <DeleteMediaDialog
        media={m}
        onClose={() => setDeleting(false)}
        onDeleted={() => {
          setDeleting(false);
          router.push(collectionHref(m.collection));
        }}
      />
      )}
    </>
  );
}
