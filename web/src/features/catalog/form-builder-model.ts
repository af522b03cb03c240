/**
 * The form builder's editable copy of a product's order-form fields, and the
 * definition it saves. Everything the API accepts in a field definition has a
 * place here — text patterns and lengths, date and number bounds, "is any of"
 * conditions — so loading a product and saving it again changes nothing that
 * was not edited (form-builder-model.test.ts checks it over generated definitions).
 */
import type { FormField } from '../../api/client';
import { parseMoney, toMajor } from '../../lib/money';

export type FieldType = FormField['type'];
export const FIELD_TYPE_LABEL: Record<FieldType, string> = { select: 'Choice (one)', multi_select: 'Choices (several)', text: 'Text', number: 'Number', boolean: 'Yes / no', date: 'Date' };
export const FIELD_TYPES = Object.keys(FIELD_TYPE_LABEL) as FieldType[];

type Scalar = string | number | boolean;
export type DraftOption = { uid: string; value: string; valueTouched: boolean; label: string; price: string };
/** "Only when <field> is <value>" (equals) or "is any of <values>" (in). Values keep their type (text, number, yes/no) as loaded or as the target field makes them. */
export type DraftCondition = { field: string; mode: 'equals' | 'in'; values: Scalar[] };
export type DraftField = {
  uid: string;
  key: string;
  keyTouched: boolean;
  label: string;
  type: FieldType;
  required: boolean;
  /** null: no help text (an empty one loaded from the API stays empty). */
  help: string | null;
  options: DraftOption[];
  booleanPrice: string;
  min: string;
  max: string;
  minLength: string;
  maxLength: string;
  /** null: no pattern. */
  pattern: string | null;
  shownWhen: DraftCondition | null;
  requiredWhen: DraftCondition | null;
};

let n = 0;
const uid = () => `d${++n}`;

/** "Paint colour (RAL)" → "paint_colour_ral" (what the API accepts as a key). */
export function slug(label: string, fallback = 'field'): string {
  const s = label.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 50);
  return /^[a-z]/.test(s) ? s : `${fallback}_${s}`.slice(0, 50).replace(/_+$/, '');
}

export const newOption = (): DraftOption => ({ uid: uid(), value: '', valueTouched: false, label: '', price: '' });
export const newField = (): DraftField => ({ uid: uid(), key: '', keyTouched: false, label: '', type: 'select', required: false, help: null, options: [newOption()], booleanPrice: '', min: '', max: '', minLength: '', maxLength: '', pattern: null, shownWhen: null, requiredWhen: null });

const num = (v: number | undefined) => (v !== undefined ? String(v) : '');
const conditionIn = (c: FormField['shownWhen']): DraftCondition | null =>
  c ? (c.in !== undefined ? { field: c.field, mode: 'in', values: [...c.in] } : { field: c.field, mode: 'equals', values: c.equals !== undefined ? [c.equals] : [] }) : null;

export function fromDefinition(fields: readonly FormField[], currency: string): DraftField[] {
  return fields.map((f) => ({
    uid: uid(),
    key: f.key,
    keyTouched: true,
    label: f.label,
    type: f.type,
    required: f.required,
    help: f.help ?? null,
    options: (f.options ?? []).map((o) => ({ uid: uid(), value: o.value, valueTouched: true, label: o.label, price: o.priceDeltaMinor ? toMajor(o.priceDeltaMinor, currency) : '' })),
    booleanPrice: f.priceDeltaMinor !== undefined ? toMajor(f.priceDeltaMinor, currency) : '',
    min: num(f.min),
    max: num(f.max),
    minLength: num(f.minLength),
    maxLength: num(f.maxLength),
    pattern: f.pattern ?? null,
    shownWhen: conditionIn(f.shownWhen),
    requiredWhen: conditionIn(f.requiredWhen),
  }));
}

/** What a value typed or chosen in the condition editor means for the field it names: yes/no, a number, or text. */
export function conditionValue(text: string, target: DraftField | undefined): Scalar {
  if (target?.type === 'boolean') return text === 'true';
  if (target?.type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

function conditionOut(c: DraftCondition | null): FormField['shownWhen'] {
  if (!c || !c.field) return undefined;
  return c.mode === 'in' ? { field: c.field, in: [...c.values] } : { field: c.field, equals: c.values[0] ?? '' };
}

const numberOut = (text: string): number | undefined => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined);
const given = <K extends string, V>(k: K, v: V | undefined | null): { [P in K]?: V } => (v === undefined || v === null ? {} : ({ [k]: v } as { [P in K]: V }));

/** The definition to save (and to preview). Amounts typed as "12.50" become minor units. */
export function toDefinition(drafts: DraftField[], currency: string): FormField[] {
  return drafts.map((d) => {
    const choice = d.type === 'select' || d.type === 'multi_select';
    const ranged = d.type === 'number' || d.type === 'multi_select' || d.type === 'date';
    const text = d.type === 'text';
    return {
      key: d.key,
      label: d.label,
      type: d.type,
      required: d.required,
      ...given('help', d.help),
      ...(choice ? { options: d.options.map((o) => ({ value: o.value, label: o.label, priceDeltaMinor: parseMoney(o.price, currency) ?? 0 })) } : {}),
      ...(d.type === 'boolean' ? given('priceDeltaMinor', parseMoney(d.booleanPrice, currency)) : {}),
      ...(ranged ? { ...given('min', numberOut(d.min)), ...given('max', numberOut(d.max)) } : {}),
      ...(text ? { ...given('minLength', numberOut(d.minLength)), ...given('maxLength', numberOut(d.maxLength)), ...given('pattern', d.pattern) } : {}),
      ...given('shownWhen', conditionOut(d.shownWhen)),
      ...given('requiredWhen', conditionOut(d.requiredWhen)),
    };
  });
}
