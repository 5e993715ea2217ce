/** What `GET /api/v1` answers: which server this is, and where its store keeps what it serves. */
import { z } from "zod";

export const ServerInfo = z
  .object({
    version: z.string().meta({ description: "the Conveyor version serving" }),
    store: z.string().meta({ description: "the metadata store's location, as the CLI prints it" }),
  })
  .meta({ id: "ServerInfo" });
