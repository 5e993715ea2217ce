/**
 * A component's `maxParallel`, across every worker and run: the attempts running it hold a
 * slot each in a sorted set in Redis, scored by when the slot lapses, so a worker killed while
 * holding one frees it by itself.
 */
import type { Redis } from "ioredis";

const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

export class ComponentSlots {
  constructor(
    private readonly redis: Redis,
    /** How long a slot lasts without renewal. */
    private readonly leaseMs: number,
  ) {}

  /**
   * Takes one of `limit` slots of `key` for `holder`; returns what frees it (renewing it until
   * then), or undefined when all are taken.
   */
  async take(key: string, limit: number, holder: string): Promise<(() => Promise<void>) | undefined> {
    const expiry = () => Date.now() + this.leaseMs;
    const taken = await this.redis.eval(TAKE, 1, key, Date.now(), expiry(), limit, holder, this.leaseMs * 2);
    if (taken !== 1) return undefined;
    const renew = setInterval(() => void this.redis.zadd(key, "XX", expiry(), holder).catch(() => {}), this.leaseMs / 3);
    return async () => {
      clearInterval(renew);
      await this.redis.zrem(key, holder).catch(() => {});
    };
  }
}
