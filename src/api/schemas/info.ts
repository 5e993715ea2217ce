/** What `GET /api/v1` answers: which server this is, and where its store keeps what it serves. */
import { z } from "zod";

export const ServerInfo = z
  .object({
    version: z.string().meta({ description: "the Conveyor version serving" }),
    store: z.string().meta({ description: "the metadata store's location: a path relative to the project, or a database URL without its password" }),
  })
  .meta({ id: "ServerInfo" });
