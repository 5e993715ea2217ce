/** An artifact's content through the API: read as text for a preview, or saved as a file (both with the token, which a plain link cannot send). */
import { request, segment } from "./client.ts";

/** Content larger than this is not fetched for a preview: the page notes it and offers the download. */
export const PREVIEW_LIMIT = 5 * 1024 * 1024;

export async function artifactText(id: string, signal?: AbortSignal): Promise<string> {
  return (await request(`/artifacts/${segment(id)}/content`, signal ? { signal } : {})).text();
}

/** Saves the content under the name the server gives in Content-Disposition. */
export async function downloadArtifact(id: string): Promise<void> {
  const res = await request(`/artifacts/${segment(id)}/content`);
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? id;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
