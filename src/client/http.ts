/**
 * Requests to a Conveyor server: JSON in, JSON out, decoded with the zod schemas the server
 * encodes with (so times become Dates again, and fields keep the server's order); an error
 * answer becomes the ConveyorError the server described, so the CLI prints it as its own.
 */
import type { z } from "zod";
import { page } from "../api/schemas/common.ts";
import { ConveyorError } from "../errors.ts";

/** Generous: a search over many thousands of runs answers well within it, a hung server does not. */
const TIMEOUT_MS = 60_000;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

interface ErrorAnswer {
  code?: unknown;
  message?: unknown;
  hint?: unknown;
}

export class ApiClient {
  /** Without a trailing slash, e.g. "http://127.0.0.1:4000". */
  readonly url: string;

  constructor(
    url: string,
    private readonly token: string | undefined,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badUrl(url);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw badUrl(url);
    this.url = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, "");
  }

  /** `path` starts with "/api/v1"; a `next` link from the server is such a path too. */
  async request<S extends z.ZodType>(schema: S, path: string, options: RequestOptions = {}): Promise<z.output<S>> {
    const response = await this.send(path, { ...options, headers: { accept: "application/json", ...options.headers } }, AbortSignal.timeout(TIMEOUT_MS));
    const text = await response.text();
    if (!response.ok) throw this.failed(response, text);
    const decoded = schema.safeDecode(this.parse(text, path) as z.input<S>);
    if (!decoded.success) {
      throw new ConveyorError(
        `the server at ${this.url} answered ${path.split("?")[0]} with something this CLI does not understand: ${decoded.error.issues[0]?.message ?? "invalid"}`,
        "use the same Conveyor version on both sides",
        "bad_response",
      );
    }
    return decoded.data;
  }

  /**
   * A file's bytes as they arrive (an artifact's content): no time limit once the answer has
   * started, since a large file takes as long as the network needs.
   */
  async download(path: string): Promise<ReadableStream<Uint8Array>> {
    const started = new AbortController();
    const timer = setTimeout(() => started.abort(new DOMException("no answer", "TimeoutError")), TIMEOUT_MS);
    let response: Response;
    try {
      response = await this.send(path, {}, started.signal);
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) throw this.failed(response, await response.text());
    if (!response.body) throw new ConveyorError(`the server at ${this.url} answered ${path} with no content`, "use the same Conveyor version on both sides", "bad_response");
    return response.body;
  }

  private async send(path: string, options: RequestOptions, signal: AbortSignal): Promise<Response> {
    const target = new URL(`${this.url}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) target.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    try {
      return await fetch(target, {
        method: options.method ?? "GET",
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  /** Every item of a paged list, following `next` links (whose query carries the first one's); `max` stops early. */
  async all<S extends z.ZodType>(item: S, path: string, query: RequestOptions["query"] = {}, max = Infinity): Promise<z.output<S>[]> {
    const schema = page(item);
    const items: z.output<S>[] = [];
    let next: string | null = path;
    let options: RequestOptions = { query };
    while (next !== null && items.length < max) {
      const body: z.output<typeof schema> = await this.request(schema, next, options);
      items.push(...body.items);
      next = body.next;
      options = {};
    }
    return items.slice(0, max);
  }

  private parse(text: string, path: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw new ConveyorError(
        `the server at ${this.url} answered ${path.split("?")[0]} with something other than JSON`,
        "check that CONVEYOR_URL points at a Conveyor server (`conveyor server`)",
        "bad_response",
      );
    }
  }

  private unreachable(error: unknown): ConveyorError {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const timedOut = (error as Error).name === "TimeoutError";
    const why = timedOut ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    return new ConveyorError(
      `cannot reach the Conveyor server at ${this.url} (CONVEYOR_URL): ${why}`,
      "start it with `conveyor server`, or unset CONVEYOR_URL to use the local store",
      "unreachable",
    );
  }

  private failed(response: Response, text: string): ConveyorError {
    let body: ErrorAnswer = {};
    try {
      body = JSON.parse(text) as ErrorAnswer;
    } catch {
      // Not the API's JSON error (a proxy's page, say): the status says what there is to say.
    }
    const message = typeof body.message === "string" ? body.message : `the server at ${this.url} answered ${response.status} ${response.statusText}`;
    const code = typeof body.code === "string" ? body.code : `http_${response.status}`;
    if (response.status === 401) {
      const hint = this.token ? "set CONVEYOR_TOKEN to the token the server was started with" : "set CONVEYOR_TOKEN to the server's token";
      return new ConveyorError(`${message} (${this.url})`, hint, code);
    }
    return new ConveyorError(message, typeof body.hint === "string" ? body.hint : undefined, code);
  }
}

function badUrl(url: string): ConveyorError {
  return new ConveyorError(
    `CONVEYOR_URL "${url}" is not an http or https URL`,
    "e.g. CONVEYOR_URL=http://127.0.0.1:4000, or unset it to use the local store",
    "invalid_config",
  );
}
