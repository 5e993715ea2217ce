/** The IR's format version: compiled IR records it, and loading refuses IR newer than this. */
export const IR_VERSION = 1;
