import { randomFillSync } from "node:crypto";

/**
 * Time-ordered ids: 9 base32 characters of epoch milliseconds (good until the year 3084)
 * followed by random characters. Ids of the same kind compare as strings in creation
 * order, so `order by id` is `order by creation` and keyset pagination needs no timestamp.
 * Lowercase Crockford base32 avoids look-alike letters, so ids are easy to read and type.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const TIME_CHARS = 9;

function encodeTime(ms: number): string {
  let out = "";
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/**
 * Random bytes drawn a page at a time: an id is made in every transaction that starts a task,
 * and one call into crypto per id (or per digit, as `randomInt` is) costs several times
 * more than the rest of making it.
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;

/** `count` random base32 digits: a byte's low five bits are uniform, as 32 divides 256. */
function randomDigits(count: number): number[] {
  if (poolAt + count > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const digits = new Array<number>(count);
  for (let i = 0; i < count; i++) digits[i] = (pool[poolAt++] as number) & 31;
  return digits;
}

/**
 * Within one process, ids made in the same millisecond increment the random part instead
 * of drawing a new one, so they still sort in creation order.
 */
function idGenerator(randomChars: number): () => string {
  let lastTime = -1;
  let digits: number[] = [];
  return () => {
    const now = Date.now();
    if (now > lastTime) {
      lastTime = now;
      digits = randomDigits(randomChars);
    } else if (!increment(digits)) {
      lastTime += 1;
      digits = randomDigits(randomChars);
    }
    let id = encodeTime(lastTime);
    for (const d of digits) id += ALPHABET[d];
    return id;
  };
}

/** Adds one to a base32 number in place; false when it overflowed. */
function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] === 31) {
      digits[i] = 0;
    } else {
      digits[i] = (digits[i] ?? 0) + 1;
      return true;
    }
  }
  return false;
}

/** 13 characters: short enough to type; users usually need only a 6–8 character prefix. */
export const newRunId = idGenerator(4);

/** 25 characters: 80 random bits, unique across any number of processes. */
export const newId = idGenerator(16);
