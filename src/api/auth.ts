/**
 * Optional bearer-token auth: with a token configured, every request to the API must carry it.
 * The dashboard's files hold no data (the page asks for the token, then calls the API with it).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { isApiPath } from "./dashboard.ts";

/**
 * Hashing both sides first gives buffers of equal length, so the comparison takes the same
 * time whatever was sent: neither the token's length nor any prefix of it can be timed.
 */
function sameToken(given: string, expected: Buffer): boolean {
  return timingSafeEqual(createHash("sha256").update(given).digest(), expected);
}

export function bearerAuth(token: string) {
  const expected = createHash("sha256").update(token).digest();
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!isApiPath(request.url)) return;
    const header = request.headers.authorization ?? "";
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (match && sameToken(match[1] as string, expected)) return;
    // Who was refused helps an operator; the logger redacts every credential-like header.
    request.log.info({ headers: request.headers }, "refused a request without this server's bearer token");
    // The message never repeats what was sent: a wrong token may still be someone's secret.
    await reply
      .code(401)
      .header("www-authenticate", 'Bearer realm="conveyor"')
      .send({
        code: "unauthorized",
        message: header ? "the bearer token is not this server's" : "this server needs a bearer token",
        hint: "send the header `Authorization: Bearer <token>` with the token in the server's CONVEYOR_TOKEN",
      });
  };
}
