// Collection names hold '/' ("dept/project/type"): each segment is encoded on its own so the
// slashes stay path separators and the catch-all routes (console and /v1) get the segments.
const encodeSegments = (name: string) => name.split("/").map(encodeURIComponent).join("/");

export const collectionHref = (name: string) => `/collections/${encodeSegments(name)}`;
export const collectionApiPath = (name: string) => `/v1/media/collections/${encodeSegments(name)}`;
export const mediaHref = (mediaId: string) => `/media/${encodeURIComponent(mediaId)}`;
