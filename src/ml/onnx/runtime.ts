/**
 * onnxruntime-node, loaded on demand: it is an optional dependency (about 290 MB), needed only
 * by pipelines that run ONNX models.
 */
import { ConveyorError } from "../../errors.ts";

export type OnnxRuntime = typeof import("onnxruntime-node");

let loading: Promise<OnnxRuntime> | undefined;

export function onnxRuntime(): Promise<OnnxRuntime> {
  loading ??= import("onnxruntime-node").catch((error: unknown) => {
    loading = undefined;
    throw new ConveyorError(
      `ONNX models need the optional package onnxruntime-node, which could not be loaded (${(error as Error).message})`,
      "install it: ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node (the variable skips its CUDA download)",
      "onnx_unavailable",
    );
  });
  return loading;
}
