/**
 * The simplest endpoint: one model reference. `models:/churn/3` serves that version;
 * `models:/churn@champion` serves the version the alias names and follows it: the store is
 * polled (one small query) and, when the alias moved, the new version is loaded in the background
 * and swapped in by one assignment, so every request is answered by one whole version or the other.
 * A version that fails to load (its file fails its digest check, it was deleted, the alias was
 * removed) is refused with a logged error, and the version serving now keeps serving.
 */
import { aliasNotFound, modelNotFound } from "../store/registry-errors.ts";
import { parseModelRef } from "../registry/uri.ts";
import type { Endpoint, EndpointRoute } from "./endpoint.ts";
import type { ServeLog } from "./serve-log.ts";
import type { ServedVersion } from "./served-version.ts";
import { loadServedVersion, type ModelSource } from "./version-loader.ts";
import { errorText } from "./error-text.ts";
import { Poll } from "./poll.ts";

export interface ModelRefEndpointOptions extends ModelSource {
  /** `models:/churn@champion` or `models:/churn/3` (the `models:/` may be left out). */
  readonly reference: string;
  /** How often an alias is looked up, in milliseconds; 1000 by default. */
  readonly pollMs?: number;
  readonly log: ServeLog;
}

/** Loads the version the reference names now; a reference that names nothing loadable is a ConveyorError. */
export async function modelRefEndpoint(options: ModelRefEndpointOptions): Promise<Endpoint> {
  const ref = parseModelRef(options.reference);
  const aliasVersion = async (): Promise<number> => {
    if ("version" in ref) return ref.version;
    const model = await options.store.getModel(ref.name);
    if (!model) throw modelNotFound(ref.name, options.store.location);
    const version = model.aliases[ref.alias];
    if (version === undefined) throw aliasNotFound(ref.name, ref.alias, Object.keys(model.aliases));
    return version;
  };
  const first = await loadServedVersion(options, ref.name, await aliasVersion());
  const endpoint = new ModelRefEndpoint(ref.name, first);
  if ("alias" in ref) endpoint.follow(aliasVersion, options, `models:/${ref.name}@${ref.alias}`, options.pollMs ?? 1000);
  return endpoint;
}

class ModelRefEndpoint implements Endpoint {
  readonly deployment = null;
  #current: ServedVersion;
  #route: EndpointRoute;
  #poll: Poll | undefined;

  constructor(
    readonly name: string,
    first: ServedVersion,
  ) {
    this.#current = first;
    this.#route = { primary: first };
  }

  route(): EndpointRoute {
    return this.#route;
  }

  version(number: number): ServedVersion | undefined {
    return this.#current.version === number ? this.#current : undefined;
  }

  loaded(): readonly ServedVersion[] {
    return [this.#current];
  }

  observe(): void {}

  /** Polls the alias; one check at a time, so a slow load is never started twice. */
  follow(aliasVersion: () => Promise<number>, source: ModelSource & { log: ServeLog }, alias: string, pollMs: number): void {
    // The version last refused, so a bad version is reported once, not at every poll.
    let refused: number | undefined;
    const check = async () => {
      let target: number;
      try {
        target = await aliasVersion();
      } catch (error) {
        if (refused !== -1) source.log.error({ alias, err: errorText(error) }, `${alias} cannot be followed; version ${this.#current.version} keeps serving`);
        refused = -1;
        return;
      }
      if (target === this.#current.version) refused = undefined;
      if (target === this.#current.version || target === refused) return;
      try {
        const next = await loadServedVersion(source, this.name, target);
        this.#current = next;
        this.#route = { primary: next };
        refused = undefined;
        source.log.info({ alias, version: target }, `${alias} moved: now serving version ${target}`);
      } catch (error) {
        refused = target;
        source.log.error({ alias, version: target, err: errorText(error) }, `refused version ${target} of ${alias}; version ${this.#current.version} keeps serving`);
      }
    };
    this.#poll = new Poll(check, pollMs);
  }

  async close(): Promise<void> {
    await this.#poll?.stop();
  }
}
