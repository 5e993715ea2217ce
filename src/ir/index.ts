export { canonicalJson, jsonDigest } from "./canonical.ts";
export { irDigest, loadIr } from "./load.ts";
export { checkParamValue, parseParamString, resolveParams } from "./params.ts";
export * from "./schema.ts";
export { conditionBindings, validateIr } from "./validate.ts";
