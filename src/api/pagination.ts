/** Pages of lists and the links to the next page. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { ConveyorError } from "../errors.ts";
import type { ListWindow } from "../store/types.ts";

/**
 * The URL of the same request with `changes` applied to its query (undefined removes a key).
 * Relative, so it holds behind any proxy or host name.
 */
export function linkWith(request: FastifyRequest, changes: Record<string, string | undefined>): string {
  const url = new URL(request.url, "http://server");
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  return `${url.pathname}${url.search}`;
}

/** Sends a page: the body's `next` and, as HTTP clients expect, a `Link: <…>; rel="next"` header. */
export function sendPage<T>(reply: FastifyReply, items: T[], next: string | null): { items: T[]; next: string | null } {
  if (next !== null) reply.header("link", `<${next}>; rel="next"`);
  return { items, next };
}

/**
 * One page of a list the store returns whole, in a stable order that only grows at the end
 * (tasks, attempts and metric points are never reordered or removed). The cursor is the
 * position after the previous page, so it stays right when items are added meanwhile.
 */
export function slicePage<T>(all: T[], limit: number, cursor: string | undefined): { items: T[]; cursor: string | undefined } {
  const start = offsetOf(cursor);
  const items = all.slice(start, start + limit);
  const end = start + items.length;
  return { items, cursor: end < all.length ? encodeOffset(end) : undefined };
}

/**
 * One page of a list the store reads in a stable order that only grows at the end, read in
 * SQL: one item more than the page tells whether another page follows.
 */
export async function storePage<T>(
  limit: number,
  cursor: string | undefined,
  read: (window: ListWindow) => Promise<T[]>,
): Promise<{ items: T[]; cursor: string | undefined }> {
  const offset = offsetOf(cursor);
  const found = await read({ limit: limit + 1, offset });
  return { items: found.slice(0, limit), cursor: found.length > limit ? encodeOffset(offset + limit) : undefined };
}

/** Opaque to clients, so the store can page with keys instead of positions later without breaking them. */
export function encodeOffset(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

/** Where a page starts: 0 without a cursor. */
export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) {
    throw new ConveyorError(`cursor "${cursor}" is not one this server made`, "follow the `next` link of the previous page", "invalid_cursor");
  }
  return Number(match[1]);
}
