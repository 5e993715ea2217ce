/**
 * The KFP IR's schema, pipeline_spec.proto, read with protobufjs, and a strict reading of its
 * JSON form: every key a field of its message (by its JSON name), every enum value one the
 * enum has, every scalar of its type, at most one member of a oneof. protobufjs's own
 * `fromObject` skips unknown keys, which would let a misspelt field through.
 */
import { join, resolve } from "node:path";
import protobuf from "protobufjs";

export const KFP_REFERENCE = resolve(import.meta.dirname, "fixtures/reference/kfp");

export function loadPipelineSpec(): protobuf.Root {
  const root = new protobuf.Root();
  // google/protobuf/* come with protobufjs; google/rpc/status.proto is in the reference folder.
  root.resolvePath = (_origin, target) => (target.startsWith("google/protobuf/") || target.startsWith("/") ? target : join(KFP_REFERENCE, target));
  root.loadSync(join(KFP_REFERENCE, "pipeline_spec.proto"));
  root.resolveAll();
  return root;
}

/** Where a JSON document breaks message `type`'s JSON form; empty when it reads strictly. */
export function strictProblems(type: protobuf.Type, value: unknown, path = "$"): string[] {
  switch (type.fullName) {
    case ".google.protobuf.Struct":
      return value !== null && typeof value === "object" && !Array.isArray(value) ? [] : [`${path}: a Struct must be an object`];
    case ".google.protobuf.Value":
      return [];
    case ".google.protobuf.ListValue":
      return Array.isArray(value) ? [] : [`${path}: a ListValue must be a list`];
    case ".google.protobuf.Duration":
      return typeof value === "string" && /^-?\d+(\.\d{1,9})?s$/.test(value) ? [] : [`${path}: a Duration is a string such as "3.5s", got ${JSON.stringify(value)}`];
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${path}: ${type.name} must be an object`];
  const problems: string[] = [];
  const byJsonName = new Map(type.fieldsArray.map((f) => [f.name, f]));
  for (const [key, item] of Object.entries(value)) {
    const field = byJsonName.get(key);
    if (!field) {
      problems.push(`${path}.${key}: ${type.name} has no field "${key}"`);
      continue;
    }
    field.resolve();
    if (field.map) {
      if (item === null || typeof item !== "object" || Array.isArray(item)) problems.push(`${path}.${key}: a map must be an object`);
      else for (const [k, v] of Object.entries(item)) problems.push(...fieldProblems(field, v, `${path}.${key}.${k}`));
    } else if (field.repeated) {
      if (!Array.isArray(item)) problems.push(`${path}.${key}: a repeated field must be a list`);
      else for (const [i, v] of item.entries()) problems.push(...fieldProblems(field, v, `${path}.${key}[${i}]`));
    } else problems.push(...fieldProblems(field, item, `${path}.${key}`));
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((f) => f.name in value);
    if (set.length > 1) problems.push(`${path}: ${set.map((f) => f.name).join(" and ")} are one oneof (${oneof.name}): give one`);
  }
  return problems;
}

function fieldProblems(field: protobuf.Field, value: unknown, path: string): string[] {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    return typeof value === "string" && value in resolved.values ? [] : [`${path}: ${JSON.stringify(value)} is not a value of enum ${resolved.name}`];
  }
  if (resolved instanceof protobuf.Type) return strictProblems(resolved, value, path);
  const ok = (() => {
    switch (field.type) {
      case "string":
        return typeof value === "string";
      case "bool":
        return typeof value === "boolean";
      case "double":
      case "float":
        return typeof value === "number";
      case "int32":
      case "uint32":
      case "int64":
      case "uint64":
        return Number.isInteger(typeof value === "string" ? Number(value) : value);
      default:
        return true;
    }
  })();
  return ok ? [] : [`${path}: ${JSON.stringify(value)} is not a ${field.type}`];
}
