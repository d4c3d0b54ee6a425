/**
 * `context_data`: what an integrator attaches to a link or registration and gets back, unchanged,
 * when it is used (Auth Armor: "a key-value pair you can use to maintain context from signup start
 * to completion"). Values keep their JSON type — `{"plan": "pro", "seats": 3, "trial": true}` comes
 * back with a number and a boolean — but stay flat: nested objects and arrays are refused.
 */
export type ContextValue = string | number | boolean | null;
export type ContextData = Record<string, ContextValue>;

export const MAX_CONTEXT_KEYS = 50;
export const MAX_CONTEXT_KEY_LENGTH = 100;
export const MAX_CONTEXT_STRING_LENGTH = 1000;

export function isContextData(value: unknown): value is ContextData {
  return typeof value === 'object' && value !== null && !Array.isArray(value) &&
    Object.keys(value).length <= MAX_CONTEXT_KEYS &&
    Object.entries(value).every(([k, v]) => k.length <= MAX_CONTEXT_KEY_LENGTH && isContextValue(v));
}

function isContextValue(v: unknown): boolean {
  if (typeof v === 'string') return v.length <= MAX_CONTEXT_STRING_LENGTH;
  if (typeof v === 'number') return Number.isFinite(v);
  return typeof v === 'boolean' || v === null;
}
