import { fanOutBatch } from "./fan-out-batch";
import { finalizeBatch } from "./finalize-batch";
import { processItemFn } from "./process-item";
import { sweep } from "./sweep";

export const functions = [fanOutBatch, processItemFn, finalizeBatch, sweep];
