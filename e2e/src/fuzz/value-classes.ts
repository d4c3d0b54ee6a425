import fc from 'fast-check';
import { bodyText, fieldPaths, Mutation, Slot } from './mutations';
import type { Operation } from './operations';
import { RawJson } from './wire';

/**
 * A class of hostile values. `json` is what replaces a body field, `text` what replaces a query,
 * path or header value; `whole` builds mutations of the request as a whole (raw bodies, raw query
 * strings, headers) for the classes that need them.
 */
export interface ValueClass {
  name: string;
  json?: fc.Arbitrary<unknown>;
  text?: fc.Arbitrary<string>;
  whole?: (op: Operation) => fc.Arbitrary<Mutation> | undefined;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
const short = fc.string({ maxLength: 12 });

const deep = (depth: number, kind: 'array' | 'object') =>
  kind === 'array' ? new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`) : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
const depths = fc.oneof(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 65, max: 12_000 }));

/** The body's JSON text with one more member first (`{"k":v,...rest}`). */
const prepend = (op: Operation, member: string): string => {
  const text = bodyText({ ...op, bodyKind: 'json' }) ?? '{}';
  return text.startsWith('{') && text !== '{}' ? `{${member},${text.slice(1)}` : `{${member}}`;
};
const jsonBody = (op: Operation, arb: fc.Arbitrary<string>): fc.Arbitrary<Mutation> | undefined =>
  op.bodyKind === 'json' ? arb.map((text): Mutation => ({ kind: 'body', text, contentType: 'application/json' })) : undefined;

export const VALUE_CLASSES: ValueClass[] = [
  {
    name: 'nesting',
    json: fc.tuple(depths, fc.constantFrom('array' as const, 'object' as const)).map(([d, k]) => deep(d, k)),
    text: fc.integer({ min: 2, max: 2000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
    whole: (op) => op.bodyKind === 'form'
      ? fc.integer({ min: 2, max: 500 }).map((d): Mutation => ({ kind: 'body', text: `email${'[a]'.repeat(d)}=x@example.com`, contentType: 'application/x-www-form-urlencoded' }))
      : fc.integer({ min: 2, max: 200 }).map((d): Mutation => ({ kind: 'query', text: `${op.queryNames[0] ?? 'q'}${'[a]'.repeat(d)}=1` })),
  },
  {
    name: 'nul',
    json: fc.oneof(fc.tuple(short, short).map(([a, b]) => `${a}\u0000${b}`), fc.constantFrom('\u0000', 'fuzz@example.com\u0000', '\u0000'.repeat(32))),
    text: fc.oneof(fc.tuple(short, short).map(([a, b]) => `${a}\u0000${b}`), fc.constant('\u0000')),
    whole: (op) => jsonBody(op, fc.constantFrom('\u0000', '{"\u0000":1}', '{"a":1}\u0000')),
  },
  {
    name: 'surrogates',
    json: fc.tuple(short, fc.constantFrom(...LONE_SURROGATES), short).map(([a, s, b]) => `${a}${s}${b}`),
    text: fc.tuple(short, fc.constantFrom(...LONE_SURROGATES), short).map(([a, s, b]) => `${a}${s}${b}`),
    // Bytes that are not UTF-8 at all: a stray continuation byte, an overlong encoding, CESU-8.
    whole: (op) => op.bodyKind === 'none' ? undefined : fc.constantFrom('\x80', '\xc0\xaf', '\xed\xa0\x80', '\xff\xfe').map((bad): Mutation => ({
      kind: 'body', latin1: true,
      text: op.bodyKind === 'form' ? `email=${bad}` : `{"${Object.keys(asObject(op.body))[0] ?? 'a'}":"${bad}"}`,
      contentType: op.bodyKind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
    })),
  },
  {
    name: 'numbers',
    json: fc.oneof(
      fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 2 ** 31, -(2 ** 31) - 1, -1, 0, 0.5, 5e-324, -86401),
      fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '-0', '1E+999999').map((t) => new RawJson(t)),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((b) => new RawJson(String(b))),
    ),
    text: fc.oneof(
      fc.constantFrom('-1', '0', '-0', '1e400', '99999999999999999999999', 'NaN', 'Infinity', '-Infinity', '0x10', '1e5', '1.5', '08', '+1', ' 1'),
      fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
    ),
  },
  {
    name: 'wrong_types',
    json: fc.oneof(
      fc.boolean(), fc.integer(), fc.constant(null), fc.string({ maxLength: 8 }),
      fc.array(fc.oneof(fc.integer(), short, fc.constant(null)), { maxLength: 3 }), fc.dictionary(short, fc.oneof(fc.integer(), short), { maxKeys: 3 }),
    ),
    text: fc.constantFrom('true', 'null', '[]', '{}', '[object Object]', 'undefined', '', ' ', '1,2'),
    whole: (op) => op.bodyKind === 'json' ? fc.constantFrom<unknown>([], [op.body], 'fuzz', 1, null, true, {}).map((value): Mutation => ({ kind: 'set', slot: { in: 'body', key: null }, value })) : undefined,
  },
  {
    name: 'prototype_keys',
    json: fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom('{"admin":true}', '{"polluted":"yes"}', '"x"', '1', 'null', '[]'))
      .map(([k, v]) => new RawJson(`{"${k}":${v}}`)),
    text: fc.constantFrom(...PROTO_KEYS, '__proto__.admin', 'constructor.prototype'),
    whole: (op) => op.bodyKind === 'json'
      ? fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom('{"admin":true}', '{"scopes":["admin"]}', '"x"', 'null'))
        .map(([k, v]): Mutation => ({ kind: 'body', text: prepend(op, `"${k}":${v}`), contentType: 'application/json' }))
      : fc.constantFrom('__proto__[admin]=1', 'constructor[prototype][admin]=1', '__proto__=x', 'hasOwnProperty=1')
        .map((text): Mutation => op.bodyKind === 'form' ? { kind: 'body', text: `${bodyText(op)}&${text}`, contentType: 'application/x-www-form-urlencoded' } : { kind: 'query', text }),
  },
  {
    name: 'long_strings',
    json: fc.tuple(fc.integer({ min: 257, max: 100_000 }), fc.constantFrom('a', 'é', '€', '😀', '\\', '"', '<', '%')).map(([n, c]) => c.repeat(Math.ceil(n / c.length))),
    text: fc.tuple(fc.integer({ min: 257, max: 20_000 }), fc.constantFrom('a', 'é', '😀', '/', '.')).map(([n, c]) => c.repeat(n)),
  },
  {
    name: 'unicode_forms',
    json: unicodeForms(),
    text: unicodeForms(),
  },
  {
    name: 'empty_duplicate_keys',
    json: fc.constantFrom('{"":""}', '{"":1,"":2}', '{"a":"1","a":"2"}', '{"a":"1","A":"2"}').map((t) => new RawJson(t)),
    text: fc.constant(''),
    whole: (op) => {
      const first = Object.keys(asObject(op.body))[0];
      if (op.bodyKind === 'json') {
        return fc.tuple(fc.constantFrom<unknown>(1, null, [], {}, 'x', true), fc.boolean()).map(([v, empty]): Mutation => ({
          kind: 'body', contentType: 'application/json',
          text: prepend(op, empty || !first ? `"":${JSON.stringify(v)}` : `"${first}":${JSON.stringify(v)}`),
        }));
      }
      // A repeated query parameter arrives as an array; an empty name or value, as given.
      const name = op.bodyKind === 'form' ? first ?? 'email' : op.queryNames[0] ?? 'q';
      return fc.constantFrom(`${name}=1&${name}=2`, `${name}=&${name}`, '=x', '&&&', `${name}[]=1&${name}[]=2`).map((text): Mutation =>
        op.bodyKind === 'form' ? { kind: 'body', text: `${bodyText(op)}&${text}`, contentType: 'application/x-www-form-urlencoded' } : { kind: 'query', text });
    },
  },
  {
    name: 'content_types',
    whole: (op) => {
      const valid = bodyText(op) ?? '{}';
      return fc.tuple(
        fc.constantFrom<string | null>(
          null, 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json',
          'application/json; charset=utf-16le', 'application/json;;;', 'APPLICATION/JSON', 'application/merge-patch+json', 'application/jsonx',
          'text/html; charset=utf-8', '*/*', '', `application/${'x'.repeat(3000)}`, 'application/json; charset=iso-8859-1',
        ),
        fc.constantFrom(valid, '', '<a>1</a>', 'email=x%40example.com', '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nx\r\n--x--'),
      ).map(([contentType, text]): Mutation => ({ kind: 'body', text, contentType }));
    },
  },
  {
    name: 'credentials',
    whole: (op) => op.auth === 'none' ? undefined : fc.constantFrom<string | string[] | null>(
      null, 'Bearer', 'Bearer ', 'bearer {key}', 'Basic Zm9vOmJhcg==', `Bearer sk_${'A'.repeat(40)}`, 'Bearer {key} {key}', 'Bearer {root}',
      `Bearer ${'k'.repeat(8000)}`, 'Bearer {key}\u0000', 'Token {key}', ['Bearer {key}', 'Bearer {root}'], 'Bearer {key}x', 'Bearer \u00e9\u00e9',
    ).map((value): Mutation => ({ kind: 'header', name: 'authorization', value })),
  },
];

function unicodeForms(): fc.Arbitrary<string> {
  const samples = [
    'fuzz@example.com', 'Ｆｕｚｚ@ｅｘａｍｐｌｅ.com', 'fu\u0301zz@example.com', 'é', 'Å', 'ﬁ', 'ß', 'İ', 'ı', '\u212a', 'ǅ', '①', 'ｱ', '각',
    'login', 'ｌｏｇｉｎ', 'ＥＮ', 'https://app.example.com/cb', 'https://ａｐｐ.example.com/cb', '\u0430dmin',
  ];
  const noise = ['', '\u200b', '\u202e', '\ufeff', '\u0301', '\u200d', '👩‍👩‍👧', '\u00a0', '\u2028'];
  return fc.oneof(
    fc.tuple(fc.constantFrom(...samples), fc.constantFrom('NFC', 'NFD', 'NFKC', 'NFKD'), fc.constantFrom(...noise), fc.boolean())
      .map(([s, form, n, before]) => (before ? n + s.normalize(form) : s.normalize(form) + n)),
    fc.string({ unit: 'grapheme', maxLength: 16 }),
  );
}

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * Every mutation of one operation a value class can make, as one fast-check arbitrary: a hostile
 * value in a body field, the whole body, a query, path or header parameter, or the class's own
 * whole-request mutations. Undefined when the class has nothing to aim at.
 */
export function mutationsOf(op: Operation, vc: ValueClass): fc.Arbitrary<Mutation> | undefined {
  const set = (slots: Slot[], value: fc.Arbitrary<unknown>) =>
    fc.tuple(fc.constantFrom(...slots), value).map(([slot, v]): Mutation => ({ kind: 'set', slot, value: v }));
  const choices: Array<{ weight: number; arbitrary: fc.Arbitrary<Mutation> }> = [];
  const fields = op.bodyKind === 'none' ? [] : fieldPaths(op.body);
  if (vc.json && op.bodyKind !== 'none') {
    choices.push({ weight: 4, arbitrary: set(fields.length ? fields.map((key) => ({ in: 'body', key })) : [{ in: 'body', key: null }], op.bodyKind === 'form' ? vc.text ?? vc.json : vc.json) });
  }
  if (vc.text) {
    if (op.queryNames.length) choices.push({ weight: 2, arbitrary: set(op.queryNames.map((name) => ({ in: 'query', name })), vc.text) });
    const pathNames = Object.keys(op.pathParams);
    if (pathNames.length) choices.push({ weight: 2, arbitrary: set(pathNames.map((name) => ({ in: 'path', name })), vc.text) });
    choices.push({ weight: 1, arbitrary: set(op.headerNames.map((name) => ({ in: 'header', name })), vc.text) });
  }
  const whole = vc.whole?.(op);
  if (whole) choices.push({ weight: 2, arbitrary: whole });
  return choices.length ? fc.oneof(...choices) : undefined;
}
