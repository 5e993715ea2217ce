/**
 * The one way the dashboard talks to the server: the documented HTTP API under /api/v1, every
 * call with the bearer token the user gave (kept in this browser's localStorage).
 */
import type { ApiErrorBody } from "./types.ts";

export const API = "/api/v1";
const TOKEN_KEY = "conveyor.token";

/** An answer that was not a success, or no answer at all (`status` 0: the server is unreachable). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function getToken(): string {
  return localStorage.getItem(TOKEN_KEY) ?? "";
}

/** Listeners told when the server refuses the token (or wants one), so the page can ask for it. */
const refused = new Set<() => void>();

export function onTokenRefused(listener: () => void): () => void {
  refused.add(listener);
  return () => refused.delete(listener);
}

export function setToken(token: string): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

export function authHeaders(): Record<string, string> {
  const token = getToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** A path under /api/v1, or a `next` link the API gave (already absolute). */
function urlOf(path: string): string {
  return path.startsWith(API) ? path : `${API}${path}`;
}

export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(urlOf(path), { ...init, headers: { ...authHeaders(), ...init.headers } });
  } catch {
    throw unreachable();
  }
  if (res.ok) return res;
  const body = (await res.json().catch(() => null)) as ApiErrorBody | null;
  if (res.status === 401) for (const listener of refused) listener();
  throw new ApiError(res.status, body?.code ?? "http_error", body?.message ?? `the server answered ${res.status}`, body?.hint);
}

export function unreachable(): ApiError {
  return new ApiError(0, "unreachable", "the Conveyor server does not answer", "check that `conveyor server` is running, then try again");
}

export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request(path, signal ? { signal } : {})).json() as Promise<T>;
}

/** Registry and deployment changes name who made them in their audit trail: the API has no accounts, so the dashboard says it was the dashboard. */
const ACTOR = { "x-conveyor-actor": "dashboard" };

async function send<T>(method: "POST" | "PUT", path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: ACTOR };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...ACTOR, "content-type": "application/json" };
  }
  return (await request(path, init)).json() as Promise<T>;
}

export const post = <T>(path: string, body?: unknown): Promise<T> => send<T>("POST", path, body);
export const put = <T>(path: string, body?: unknown): Promise<T> => send<T>("PUT", path, body);

/**
 * Saves an artifact's content as a file: a plain link could not carry the token, so it is
 * fetched, then handed to the browser under the name the server gives (Content-Disposition).
 */
export async function download(artifactId: string): Promise<void> {
  const res = await request(`/artifacts/${encodeURIComponent(artifactId)}/content`);
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? artifactId;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Percent-encodes one path segment: task names hold `[` and `]`. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
