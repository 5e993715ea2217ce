export { canonicalJson, jsonDigest } from "./canonical.ts";
export { compile, type CompileOptions } from "../compiler/compile.ts";
export { durationMs } from "./duration.ts";
export { irDigest, loadIr } from "./load.ts";
export { checkParamValue, parseParamString, resolveParams } from "./params.ts";
export * from "./schema.ts";
export { conditionBindings, validateIr } from "./validate.ts";
