/** What a client asks first: which server this is, and where its store keeps what it serves. */
import { type Api, API, type ApiContext } from "../context.ts";
import { projectRelative } from "../../store/project-paths.ts";
import { errorResponses } from "../schemas/common.ts";
import { ServerInfo } from "../schemas/info.ts";

export function infoRoutes(version: string) {
  return (app: Api, { store, roots }: ApiContext): void => {
    app.get(
      API,
      {
        schema: { summary: "This server's version and store", tags: ["meta"], response: { 200: ServerInfo, ...errorResponses() } },
      },
      async () => ({ version, store: projectRelative(store.location, roots) }),
    );
  };
}
