/**
 * Response bodies written by code generated once per response schema, instead of zod walking
 * the schema for every response (`safeEncode`, then `JSON.stringify`). In the server, zod's
 * generic walk took ~0.3–0.4 ms for one order (its shared functions see every schema of the app,
 * so they stay slow); the generated function for that one schema does the same in a fraction.
 *
 * It never decides alone: it writes a body only when it is certain zod would accept the value
 * and write the very same bytes. On any doubt — a wrong type, a failed check, a key zod would
 * refuse — it answers `undefined` and the caller asks zod, which answers as it always did (the
 * same body, or the same ResponseSerializationError). What it is sure of:
 *
 * - object (keys stripped as zod strips them, or refused as a strict object refuses them), array,
 *   record with plain string keys, nullable, optional, string, number, boolean, date, enum,
 *   literal, null, unknown/any;
 * - the checks `int()` and `uuid()` (the same test as zod's);
 * - anything else — other checks and formats, unions, pipes, codecs, defaults, lazy schemas,
 *   refinements — is handed to zod for that part only (`safeEncode` of the part, then
 *   `JSON.stringify`, exactly what zod does for the whole).
 *
 * Written the way JSON.stringify writes: keys in the schema's order (the order zod builds its
 * output in), an absent or undefined optional key left out, undefined in an array as null.
 * `ORDERLY_VERIFY_SERIALIZER=true` (set by the test suite) runs both on every response and
 * fails the response if they ever differ (server.ts).
 */
import { $ZodType, safeEncode } from 'zod/v4/core';

/** The body as JSON, or undefined: not certain, ask zod. */
export type CompiledSerializer = (data: unknown) => string | undefined;

type Def = {
  type: string;
  checks?: readonly $ZodType[];
  coerce?: boolean;
  format?: string;
  check?: string;
  pattern?: RegExp;
  innerType?: $ZodType;
  element?: $ZodType;
  shape?: Record<string, $ZodType>;
  catchall?: $ZodType;
  keyType?: $ZodType;
  valueType?: $ZodType;
  entries?: Record<string, unknown>;
  values?: readonly unknown[];
  mode?: string;
};

const defOf = (s: $ZodType): Def => s._zod.def as unknown as Def;
const has = (s: $ZodType, trait: string): boolean => s._zod.traits.has(trait);
/** Keys a JavaScript object orders before its other keys (array indices): the schema's order would not hold. */
const isIndexLike = (k: string): boolean => /^(0|[1-9]\d*)$/.test(k) && Number(k) < 2 ** 32 - 1;

class Gen {
  readonly refs: unknown[] = [];
  private n = 0;

  ref(value: unknown): string {
    this.refs.push(value);
    return `r[${this.refs.length - 1}]`;
  }

  v(): string {
    return `v${this.n++}`;
  }

  /** May this schema's output be undefined for an undefined input (so a key holding it is left out)? */
  acceptsUndefined(s: $ZodType): boolean {
    const d = defOf(s);
    if (d.type === 'optional') return true;
    if (d.type === 'unknown' || d.type === 'any') return true;
    if (d.type === 'nullable' && d.innerType) return this.acceptsUndefined(d.innerType);
    return false;
  }

  /** Is this schema written here (true), or handed to zod (false)? */
  private covered(s: $ZodType): boolean {
    const d = defOf(s);
    if (d.coerce) return false;
    switch (d.type) {
      case 'string':
        if (d.checks?.length) return false;
        if (d.format === undefined) return !has(s, '$ZodCheck');
        // uuid(): its own check is the pattern test, as zod runs it ($ZodCheckStringFormat).
        return d.format === 'uuid' && d.check === 'string_format' && d.pattern instanceof RegExp && !d.pattern.global && !d.pattern.sticky;
      case 'number':
        return (d.checks ?? []).every((c) => {
          const cd = defOf(c);
          return cd.check === 'number_format' && cd.format === 'safeint';
        });
      case 'boolean':
      case 'date':
      case 'null':
      case 'unknown':
      case 'any':
        return !d.checks?.length;
      case 'enum':
        return !d.checks?.length && Object.values(d.entries ?? {}).every((v) => typeof v === 'string' || typeof v === 'number');
      case 'literal':
        return !d.checks?.length && (d.values ?? []).every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || v === null);
      case 'nullable':
        return !d.checks?.length && d.innerType !== undefined;
      case 'optional':
        // Not exactOptional (it refuses undefined), and not over a default (which fills undefined in).
        return !d.checks?.length && d.innerType !== undefined && !has(s, '$ZodExactOptional') && d.innerType._zod.optin !== 'defaulted';
      case 'array':
        return !d.checks?.length && d.element !== undefined;
      case 'object': {
        if (d.checks?.length || !d.shape) return false;
        if (Object.getOwnPropertySymbols(d.shape).length) return false;
        if (Object.keys(d.shape).some(isIndexLike)) return false;
        if (d.catchall && defOf(d.catchall).type !== 'never') return false;
        // An optional-in key that is not plain optional (a default) fills values in: zod's to write.
        return Object.values(d.shape).every((f) => f._zod.optin === undefined || f._zod.optin === 'optional');
      }
      case 'record': {
        if (d.checks?.length || !d.keyType || !d.valueType || d.mode === 'loose') return false;
        const k = defOf(d.keyType);
        return k.type === 'string' && !k.checks?.length && k.format === undefined && !k.coerce && !has(d.keyType, '$ZodCheck');
      }
      default:
        return false;
    }
  }

  top(s: $ZodType): string {
    return this.omittable(s, 'x', (code) => code, 'return;');
  }

  /**
   * Code that appends the JSON of value `x` (never undefined here, unless `inArray`) to `o`,
   * or returns undefined (not certain) from the whole function.
   */
  value(s: $ZodType, x: string, inArray: boolean): string {
    const d = defOf(s);
    if (!this.covered(s)) {
      // Zod writes this part, exactly as it would within the whole.
      const r = this.v();
      const j = this.v();
      return `{ const ${r} = E(${this.ref(s)}, ${x}); if (!${r}.success) return; const ${j} = JSON.stringify(${r}.data); o += ${j} === undefined ? 'null' : ${j}; }`;
    }
    switch (d.type) {
      case 'string':
        if (d.format === 'uuid') {
          const p = this.ref(d.pattern);
          return `if (typeof ${x} !== 'string') return; ${p}.lastIndex = 0; if (!${p}.test(${x})) return; o += JSON.stringify(${x});`;
        }
        return `if (typeof ${x} !== 'string') return; o += JSON.stringify(${x});`;
      case 'number': {
        const int = (d.checks ?? []).length > 0;
        return `if (typeof ${x} !== 'number' || !Number.isFinite(${x})${int ? ` || !Number.isSafeInteger(${x})` : ''}) return; o += '' + ${x};`;
      }
      case 'boolean':
        return `if (${x} === true) o += 'true'; else if (${x} === false) o += 'false'; else return;`;
      case 'date':
        return `if (!(${x} instanceof Date) || Number.isNaN(${x}.getTime())) return; o += JSON.stringify(${x});`;
      case 'null':
        return `if (${x} !== null) return; o += 'null';`;
      case 'unknown':
      case 'any': {
        const j = this.v();
        return `{ const ${j} = JSON.stringify(${x}); o += ${j} === undefined ? 'null' : ${j}; }`;
      }
      case 'enum':
        return `if (!${this.ref(new Set(Object.values(d.entries ?? {})))}.has(${x})) return; o += JSON.stringify(${x});`;
      case 'literal':
        return `if (!${this.ref(new Set(d.values))}.has(${x})) return; o += JSON.stringify(${x});`;
      case 'nullable':
        return `if (${x} === null) o += 'null'; else { ${this.value(d.innerType as $ZodType, x, inArray)} }`;
      case 'optional':
        return inArray ? `if (${x} === undefined) o += 'null'; else { ${this.value(d.innerType as $ZodType, x, inArray)} }` : this.value(d.innerType as $ZodType, x, inArray);
      case 'array': {
        const i = this.v();
        const e = this.v();
        const el = d.element as $ZodType;
        const undef = this.acceptsUndefined(el) ? `if (${e} === undefined) o += 'null'; else ` : '';
        return `if (!Array.isArray(${x})) return; o += '['; for (let ${i} = 0; ${i} < ${x}.length; ${i}++) { if (${i} !== 0) o += ','; const ${e} = ${x}[${i}]; ${undef}{ ${this.value(el, e, true)} } } o += ']';`;
      }
      case 'object':
        return this.object(d, x);
      case 'record':
        return this.record(d, x);
      default:
        throw new Error(`not covered: ${d.type}`);
    }
  }

  /** May this schema's output have no JSON (undefined, a function…), which JSON.stringify leaves out of an object? */
  private mayLackJson(s: $ZodType): boolean {
    if (!this.covered(s)) return true;
    const d = defOf(s);
    if (d.type === 'unknown' || d.type === 'any') return true;
    if ((d.type === 'nullable' || d.type === 'optional') && d.innerType) return this.mayLackJson(d.innerType);
    return false;
  }

  /**
   * Code for a value `y` that is not undefined, in a place where a value without JSON is left out
   * (an object's key, a record's entry) or not written at all (the top): `write(code)` writes the
   * key (if any), then runs `code` to write the value; `noJson` runs when the value has none.
   */
  private omittable(s: $ZodType, y: string, write: (value: string) => string, noJson: string): string {
    const d = defOf(s);
    if (!this.covered(s)) {
      // Zod writes this part, exactly as it would within the whole.
      const r = this.v();
      const j = this.v();
      return `{ const ${r} = E(${this.ref(s)}, ${y}); if (!${r}.success) return; const ${j} = JSON.stringify(${r}.data); if (${j} === undefined) { ${noJson} } else { ${write(`o += ${j};`)} } }`;
    }
    if (d.type === 'unknown' || d.type === 'any') {
      const j = this.v();
      return `{ const ${j} = JSON.stringify(${y}); if (${j} === undefined) { ${noJson} } else { ${write(`o += ${j};`)} } }`;
    }
    if (d.type === 'nullable' && this.mayLackJson(s)) return `if (${y} === null) { ${write(`o += 'null';`)} } else { ${this.omittable(d.innerType as $ZodType, y, write, noJson)} }`;
    if (d.type === 'optional' && this.mayLackJson(s)) return this.omittable(d.innerType as $ZodType, y, write, noJson);
    return write(this.value(s, y, false));
  }

  /**
   * One key of an object: its value written after the key, or the key left out where zod's output
   * has it undefined or JSON.stringify has nothing to write for it. `sep` is the code for the comma
   * before it; `mark` runs once the key is written.
   */
  private property(schema: $ZodType, x: string, key: string, sep: string, mark: string): { code: string; alwaysWritten: boolean } {
    const y = this.v();
    const k = JSON.stringify(key);
    const write = (value: string) => `o += ${sep} + ${JSON.stringify(`${k}:`)}; ${mark} ${value}`;
    const read = `const ${y} = ${x}[${k}];`;
    // A required key that is absent: zod refuses (its schema's issue, or "nonoptional"). Present but undefined: a schema
    // that takes undefined leaves it undefined (left out of the JSON); any other fails its type test below.
    const required = schema._zod.optin === undefined;
    const whenUndefined = required ? `if (!(${k} in ${x})) return;` : '';
    const body = this.omittable(schema, y, write, '');
    if (!this.covered(schema)) {
      // As zod's handlePropertyResult: an absent key that is optional in and out contributes nothing; an absent required
      // key fails; otherwise the part's result (undefined, or without JSON: left out).
      const skipAbsent = schema._zod.optin === 'optional' && schema._zod.optout === 'optional';
      const absent = required ? 'return;' : skipAbsent ? '' : body;
      return { code: `${read} if (${y} === undefined && !(${k} in ${x})) { ${absent} } else { ${body} }`, alwaysWritten: false };
    }
    if (this.acceptsUndefined(schema)) {
      return { code: `${read} if (${y} === undefined) { ${whenUndefined} } else { ${body} }`, alwaysWritten: false };
    }
    return { code: `${read} ${body}`, alwaysWritten: !this.mayLackJson(schema) };
  }

  private object(d: Def, x: string): string {
    const shape = d.shape as Record<string, $ZodType>;
    const f = this.v();
    let code = `if (${x} === null || typeof ${x} !== 'object' || Array.isArray(${x})) return; `;
    if (d.catchall) {
      // A strict object refuses any key its shape lacks (zod looks with for...in, so inherited ones too).
      const k = this.v();
      code += `for (const ${k} in ${x}) if (!${this.ref(new Set(Object.keys(shape)))}.has(${k})) return; `;
    }
    code += `o += '{'; let ${f} = false; `;
    // Once a key is surely written, every later key has a comma before it; until then it depends on what came before.
    let surelyWritten = false;
    for (const key of Object.keys(shape)) {
      if (key === '__proto__') continue;
      const p: { code: string; alwaysWritten: boolean } = surelyWritten ? this.property(shape[key] as $ZodType, x, key, `','`, '') : this.property(shape[key] as $ZodType, x, key, `(${f} ? ',' : '')`, `${f} = true;`);
      code += `${p.code} `;
      surelyWritten ||= p.alwaysWritten;
    }
    return `${code}o += '}';`;
  }

  private record(d: Def, x: string): string {
    const k = this.v();
    const y = this.v();
    const first = this.v();
    const value = d.valueType as $ZodType;
    const write = (code: string) => `o += (${first} ? '' : ',') + JSON.stringify(${k}) + ':'; ${first} = false; ${code}`;
    // An undefined value: zod's output keeps it undefined (left out of the JSON) if the value schema takes undefined.
    const whenUndefined = this.covered(value) ? (this.acceptsUndefined(value) ? `if (${y} === undefined) continue; ` : '') : '';
    // Zod reads the record's own enumerable keys (Reflect.ownKeys), skips __proto__, refuses a symbol key (not a
    // string); its output has them in that same order.
    return (
      `if (!${this.ref(isPlainObject)}(${x})) return; o += '{'; let ${first} = true; ` +
      `for (const ${k} of Reflect.ownKeys(${x})) { if (${k} === '__proto__' || !Object.prototype.propertyIsEnumerable.call(${x}, ${k})) continue; if (typeof ${k} !== 'string') return; const ${y} = ${x}[${k}]; ${whenUndefined}${this.omittable(value, y, write, '')} } o += '}';`
    );
  }
}

/** zod's isPlainObject (util.isPlainObject, which zod/v4/core does not export by name). */
function isPlainObject(o: unknown): boolean {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const ctor = (o as { constructor?: unknown }).constructor;
  if (ctor === undefined) return true;
  if (typeof ctor !== 'function') return true;
  const prot = (ctor as { prototype?: unknown }).prototype;
  if (typeof prot !== 'object' || prot === null || Array.isArray(prot)) return false;
  return Object.prototype.hasOwnProperty.call(prot, 'isPrototypeOf');
}

/** The serializer for one response schema. */
export function compileSerializer(schema: $ZodType): CompiledSerializer {
  const gen = new Gen();
  // The top: a value without JSON (zod's JSON.stringify answers undefined) is zod's to answer.
  const body = `if (x === undefined) return; let o = ''; ${gen.top(schema)} return o;`;
  // Generated from our own schemas only: key names are written as JSON string literals, values are passed by reference (r).
  const make = new Function('r', 'E', `return function serialize(x) { ${body} };`) as (refs: unknown[], encode: typeof safeEncode) => CompiledSerializer;
  return make(gen.refs, safeEncode);
}

export const isZodSchema = (s: unknown): s is $ZodType => s instanceof $ZodType;
