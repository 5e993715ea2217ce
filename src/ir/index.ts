export { canonicalJson, irDigest, jsonDigest } from "./canonical.ts";
export { loadIr } from "./load.ts";
export { checkParamValue, parseParamString, resolveParams } from "./params.ts";
export * from "./schema.ts";
export { conditionBindings, validateIr } from "./validate.ts";
