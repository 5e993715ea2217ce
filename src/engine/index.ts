export { cacheKey, type CacheKeyParts, explainCacheMiss } from "./cache-key.ts";
export { Engine, type EngineConfig } from "./engine.ts";
export type { EngineEvent } from "./events.ts";
