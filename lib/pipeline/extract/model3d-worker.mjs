// Parses one 3D file with three.js's loaders inside a worker thread (started by
// model3d-parse.ts with a heap cap and a deadline): loaders trust counts and offsets in the
// file, so a hostile model may exhaust memory or spin, and that must only end this thread.
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { DOMParser } from "@xmldom/xmldom";
import { ImageLoader, LoadingManager, Texture, TextureLoader } from "three";
import { measure } from "./model3d-geometry.mjs";
import { renderMeshes } from "./model3d-render.mjs";
import { installQuerySelector } from "./model3d-xml.mjs";

class LimitError extends Error {}
class UnsupportedError extends Error {}

// Browser globals some loaders expect. Nothing here may reach the network or decode images:
// fetch only serves data: URIs (embedded glTF buffers), and textures are never loaded.
globalThis.self ??= globalThis;
// FBX cameras read the window's aspect ratio when the file gives none.
globalThis.window ??= { innerWidth: 1, innerHeight: 1 };
globalThis.DOMParser = DOMParser; // xmldom never resolves external entities
installQuerySelector(DOMParser);
const realFetch = globalThis.fetch;
globalThis.fetch = (url, init) =>
  String(url).startsWith("data:") ? realFetch(url, init) : Promise.reject(new Error(`external file ${String(url).slice(0, 80)} is not read`));
const noTexture = function (_url, onLoad) {
  const texture = new Texture();
  queueMicrotask(() => onLoad?.(texture));
  return texture;
};
TextureLoader.prototype.load = noTexture;
ImageLoader.prototype.load = noTexture;
const manager = new LoadingManager();
// Loaders configure the handler as they would a TextureLoader (FBX sets its path) before loading.
const noTextureLoader = { load: noTexture, setPath: () => noTextureLoader, setCrossOrigin: () => noTextureLoader, setRequestHeader: () => noTextureLoader, setWithCredentials: () => noTextureLoader };
manager.addHandler(/./, noTextureLoader);

const { path, extension, maxVertices, zipEntries, thumbnailSize, thumbnailMaxTriangles } = workerData;

async function loader(name, file = name) {
  const exports = await import(`three/examples/jsm/loaders/${file}.js`);
  return new exports[name](manager);
}

async function loadScene() {
  const bytes = readFileSync(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  // Text models (OBJ, COLLADA) saved as UTF-16 say so with a byte-order mark.
  const text = () => {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
    return new TextDecoder().decode(bytes);
  };
  // Only the loader this file needs is imported: worker start-up is most of a small file's cost.
  switch (extension) {
    case ".stl":
      return meshOf((await loader("STLLoader")).parse(buffer));
    case ".obj":
      return (await loader("OBJLoader")).parse(text());
    case ".fbx":
      return (await loader("FBXLoader")).parse(buffer, "");
    case ".glb":
      refuseExternalBuffers(bytes);
      return (await (await loader("GLTFLoader")).parseAsync(buffer, "")).scene;
    case ".3mf": {
      // The zip was already read under safe-zip's limits; the loader gets a stored (not
      // deflated) copy of just those entries, so it never inflates anything unbounded.
      const { zipSync } = await import("three/examples/jsm/libs/fflate.module.js");
      return (await loader("ThreeMFLoader", "3MFLoader")).parse(zipSync(zipEntries, { level: 0 }).buffer);
    }
    case ".ply":
      checkPlyHeader(bytes);
      return meshOf((await loader("PLYLoader")).parse(buffer));
    case ".dae": {
      const collada = (await loader("ColladaLoader")).parse(text(), "");
      if (!collada?.scene) throw new Error("not a valid COLLADA document");
      return collada.scene;
    }
    default:
      throw new Error(`unknown extension ${extension}`);
  }
}

function meshOf(geometry) {
  return { isObject3D: true, traverse: (fn) => fn({ isMesh: true, name: "", geometry, matrixWorld: null, material: null }), updateMatrixWorld() {} };
}

// A .glb may point at external .bin files; reading them would mean fetching, so refuse.
function refuseExternalBuffers(bytes) {
  if (bytes.length < 20 || bytes.toString("latin1", 0, 4) !== "glTF") throw new Error("not a binary glTF file");
  if (bytes.readUInt32LE(4) !== 2) throw new UnsupportedError(`it is glTF ${bytes.readUInt32LE(4)}.0; only glTF 2.0 .glb files are read`);
  const jsonLength = bytes.readUInt32LE(12);
  if (20 + jsonLength > bytes.length) throw new Error("the file is truncated");
  const json = JSON.parse(bytes.toString("utf8", 20, 20 + jsonLength));
  const external = (json.buffers ?? []).find((b) => typeof b.uri === "string" && !b.uri.startsWith("data:"));
  if (external) throw new Error(`it references an external buffer (${String(external.uri).slice(0, 80)}); only self-contained .glb files are read`);
}

// PLY declares its counts up front: refuse a huge one before the loader allocates for it.
function checkPlyHeader(bytes) {
  const header = bytes.toString("latin1", 0, Math.min(bytes.length, 4096));
  for (const m of header.matchAll(/^element\s+(vertex|face)\s+(\d+)/gm)) {
    if (Number(m[2]) > maxVertices) throw new LimitError(`the file declares ${m[2]} ${m[1]} elements; the limit is ${maxVertices}`);
  }
}

function collect(scene) {
  const meshes = [];
  const parts = new Set();
  const materials = new Set();
  let total = 0;
  scene.updateMatrixWorld(true);
  scene.traverse((object) => {
    if (!object.isMesh && !object.isPoints) return;
    for (const m of [object.material].flat()) if (m?.name) materials.add(m.name);
    if (object.name) parts.add(object.name);
    // ASCII STL names each "solid"; three.js keeps those names on the geometry.
    for (const name of object.geometry?.userData?.groupNames ?? []) if (name?.trim()) parts.add(name.trim());
    const attr = object.geometry?.getAttribute?.("position") ?? object.geometry?.attributes?.position;
    if (!attr) return;
    total += attr.count;
    if (total > maxVertices) throw new LimitError(`the model has more than ${maxVertices.toLocaleString("en-US")} vertices`);
    const positions = new Float32Array(attr.count * 3);
    for (let i = 0; i < attr.count; i++) {
      positions[i * 3] = attr.getX(i);
      positions[i * 3 + 1] = attr.getY(i);
      positions[i * 3 + 2] = attr.getZ(i);
    }
    if (object.matrixWorld) applyMatrix(positions, object.matrixWorld.elements);
    meshes.push({ positions, triangles: object.isMesh ? triangleIndices(object.geometry, attr.count) : new Uint32Array(0) });
  });
  return { meshes, parts: [...parts], materials: [...materials] };
}

function triangleIndices(geometry, count) {
  const index = geometry.index;
  let triangles = index ? Uint32Array.from(index.array) : null;
  if (!triangles) {
    triangles = new Uint32Array(count - (count % 3));
    for (let i = 0; i < triangles.length; i++) triangles[i] = i;
  }
  const usable = triangles.subarray(0, triangles.length - (triangles.length % 3));
  if (usable.some((i) => i >= count)) throw new Error("faces refer to vertices that do not exist");
  return usable;
}

function applyMatrix(p, e) {
  for (let i = 0; i < p.length; i += 3) {
    const x = p[i], y = p[i + 1], z = p[i + 2];
    const w = e[3] * x + e[7] * y + e[11] * z + e[15] || 1;
    p[i] = (e[0] * x + e[4] * y + e[8] * z + e[12]) / w;
    p[i + 1] = (e[1] * x + e[5] * y + e[9] * z + e[13]) / w;
    p[i + 2] = (e[2] * x + e[6] * y + e[10] * z + e[14]) / w;
  }
}

try {
  const { meshes, parts, materials } = collect(await loadScene());
  if (meshes.every((m) => m.positions.length === 0)) throw new Error("it contains no geometry");
  const facts = measure(meshes);
  const thumbnail = thumbnailSize && facts.triangles > 0 && facts.triangles <= thumbnailMaxTriangles ? renderMeshes(meshes, { size: thumbnailSize }) : null;
  parentPort.postMessage({ result: { ...facts, parts, materials, thumbnail } }, thumbnail ? [thumbnail.buffer] : []);
} catch (err) {
  parentPort.postMessage({ error: String(err?.message ?? err), limit: err instanceof LimitError, unsupported: err instanceof UnsupportedError });
}
