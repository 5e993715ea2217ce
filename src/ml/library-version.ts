import { createRequire } from "node:module";

/**
 * The Conveyor version that is running, as package.json says: recorded in every saved model,
 * so that a model can always be traced to the code that trained it.
 */
export const libraryVersion: string = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
