/** A JSON-compatible value: what parameters, outputs and metadata may hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
