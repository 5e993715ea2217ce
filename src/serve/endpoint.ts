/**
 * What answers a URL's model name. The server asks an endpoint, for each request, which loaded
 * version answers it (and whether a shadow copy goes elsewhere), and tells it how each answer
 * went. A plain model reference (`models:/churn@champion`) is the simplest endpoint
 * (model-ref-endpoint.ts); a deployment provides its own, with a traffic policy between a stable
 * and a candidate version and a guard that watches the outcomes.
 */
import type { ServedVersion } from "./served-version.ts";

/** What an endpoint may look at to choose a version. */
export interface EndpointRequest {
  /**
   * The request's routing key (the `X-Request-Key` header, else undefined), so that a sticky
   * policy sends one user to one version.
   */
  readonly key: string | undefined;
}

/** The versions one request goes to. */
export interface EndpointRoute {
  /** Its answer is returned. */
  readonly primary: ServedVersion;
  /** Gets a copy of the request after the answer is sent; its answer is logged, never returned. */
  readonly shadow?: ServedVersion;
}

/** How one version answered one request, for a policy or a guard to count. */
export interface EndpointOutcome {
  readonly version: ServedVersion;
  readonly role: "primary" | "shadow";
  /** False when the version failed to score a request the signature accepted (never for a bad request). */
  readonly ok: boolean;
  /** Decoding, scoring and encoding, in milliseconds. */
  readonly latencyMs: number;
}

export interface Endpoint {
  /** The model name in URLs (`/v2/models/{name}/infer`). */
  readonly name: string;
  /** The deployment this endpoint serves, or null for a plain model reference. */
  readonly deployment: string | null;
  /** The versions that answer this request; undefined while no version is loaded (the server answers 503). */
  route(request: EndpointRequest): EndpointRoute | undefined;
  /** A loaded version by number (`/v2/models/{name}/versions/{v}`); undefined when it is not loaded here. */
  version(number: number): ServedVersion | undefined;
  /** Every version loaded now, e.g. stable and candidate. */
  loaded(): readonly ServedVersion[];
  /** Called once per answered request and version; must not throw nor block. */
  observe(outcome: EndpointOutcome): void;
  /** Stops following the registry (polling timers); the server calls it when it closes. */
  close(): Promise<void>;
}
