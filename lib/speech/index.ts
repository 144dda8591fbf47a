import { env } from "@/lib/env";
import { missingTool, pocketsphinxStatus, toolPath } from "@/lib/pipeline/extract/media-tools";
import { createPocketsphinx } from "./offline";
import { createOpenAiSpeech } from "./openai";
import { checkWhisperFolder, loadTransformersSpeech } from "./transformers";
import type { SpeechProvider } from "./types";

export type { SpeechProvider, SpeechProviderName, TimedText } from "./types";

let loaded: Promise<SpeechProvider> | undefined;

/** The provider `SPEECH_TO_TEXT` names, loaded once per process; a failed load is reported again next time. */
export function loadSpeechProvider(): Promise<SpeechProvider> {
  loaded ??= load().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function load(): Promise<SpeechProvider> {
  switch (env.SPEECH_TO_TEXT) {
    case "offline":
      return createPocketsphinx();
    case "openai":
      return createOpenAiSpeech({
        baseUrl: env.OPENAI_SPEECH_BASE_URL,
        apiKey: env.OPENAI_SPEECH_API_KEY,
        model: env.OPENAI_SPEECH_MODEL,
        language: env.SPEECH_LANGUAGE,
        timeoutMs: env.OPENAI_SPEECH_TIMEOUT_SECONDS * 1000,
        maxRetries: env.OPENAI_SPEECH_MAX_RETRIES,
        sliceSeconds: env.OPENAI_SPEECH_SLICE_SECONDS,
      });
    case "transformers":
      return loadTransformersSpeech({ modelDir: env.TRANSFORMERS_MODEL_DIR, model: env.TRANSFORMERS_SPEECH_MODEL, language: env.SPEECH_LANGUAGE });
  }
}

/**
 * Whether audio and video can be transcribed with the configured provider, without loading it:
 * what the extractors check before transcribing and what the capability report shows.
 */
export function speechStatus(): { available: boolean; detail: string } {
  if (!toolPath("ffmpeg")) return { available: false, detail: missingTool("ffmpeg") };
  switch (env.SPEECH_TO_TEXT) {
    case "offline":
      return pocketsphinxStatus();
    case "openai":
      return { available: true, detail: `OpenAI-compatible transcription, model '${env.OPENAI_SPEECH_MODEL}' at ${env.OPENAI_SPEECH_BASE_URL}` };
    case "transformers":
      try {
        const { folder, dtype } = checkWhisperFolder(env.TRANSFORMERS_MODEL_DIR, env.TRANSFORMERS_SPEECH_MODEL);
        return { available: true, detail: `Whisper (Transformers.js) in ${folder} (${dtype})` };
      } catch (error) {
        return { available: false, detail: (error as Error).message };
      }
  }
}
