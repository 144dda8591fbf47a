import { Suspense } from "react";
import { SearchPlayground } from "@/components/search/search-playground";
import { PageHeader } from "@/components/ui/card";
import { LoadingRows } from "@/components/ui/states";

export const metadata = { title: "Search · Tessera" };

export default function SearchPage() {
  return (
    <>
      <PageHeader title="Search" description="Try queries against your collections: by words, or by a picture." />
      <Suspense fallback={<LoadingRows label="Loading search" />}>
        <SearchPlayground />
      </Suspense>
    </>
  );
}
