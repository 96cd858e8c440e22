/** A JSON object as the apiserver sends it, read field by field without a schema. */
export type Json = Record<string, unknown>

/** Whether {@code v} is a JSON object (not null, not an array). */
export const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
