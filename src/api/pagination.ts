/** Pages of lists and the links to the next page. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { ConveyorError } from "../errors.ts";
import type { ListWindow, NameWindow } from "../store/types.ts";

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

/** Opaque to clients: a kind of position and its value, so each list can page its own way. */
const OFFSET = "o";
const NAME = "k";

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

/**
 * One page of a list the store reads by name, in SQL: the cursor is the last name of the
 * previous page, so names added or deleted meanwhile never shift an item into another page.
 */
export async function namePage<T extends { name: string }>(
  limit: number,
  cursor: string | undefined,
  read: (window: NameWindow) => Promise<T[]>,
): Promise<{ items: T[]; cursor: string | undefined }> {
  const found = await read({ limit: limit + 1, after: cursor === undefined ? undefined : decodeCursor(cursor, NAME) });
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return { items, cursor: found.length > limit && last ? encodeCursor(NAME, last.name) : undefined };
}

function encodeCursor(kind: string, value: string): string {
  return Buffer.from(`${kind}:${value}`).toString("base64url");
}

function decodeCursor(cursor: string, kind: string): string {
  const text = Buffer.from(cursor, "base64url").toString();
  // Decoding skips characters that are not base64url: only a cursor that encodes back is ours.
  if (!text.startsWith(`${kind}:`) || encodeCursor(kind, text.slice(kind.length + 1)) !== cursor) throw foreignCursor(cursor);
  return text.slice(kind.length + 1);
}

function foreignCursor(cursor: string): ConveyorError {
  return new ConveyorError(`cursor "${cursor}" is not one this server made`, "follow the `next` link of the previous page", "invalid_cursor");
}

export function encodeOffset(offset: number): string {
  return encodeCursor(OFFSET, String(offset));
}

/** Where a page starts: 0 without a cursor. */
export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = decodeCursor(cursor, OFFSET);
  if (!/^\d{1,9}$/.test(offset)) throw foreignCursor(cursor);
  return Number(offset);
}
