/** The form builder's editable copy of a product's order-form fields, and the definition it saves. */
import type { FormField } from '../../api/client';
import { parseMoney, toMajor } from '../../lib/money';

export type FieldType = FormField['type'];
export const FIELD_TYPE_LABEL: Record<FieldType, string> = { select: 'Choice (one)', multi_select: 'Choices (several)', text: 'Text', number: 'Number', boolean: 'Yes / no', date: 'Date' };
export const FIELD_TYPES = Object.keys(FIELD_TYPE_LABEL) as FieldType[];

export type DraftOption = { uid: string; value: string; valueTouched: boolean; label: string; price: string };
export type DraftCondition = { field: string; equals: string };
export type DraftField = {
  uid: string;
  key: string;
  keyTouched: boolean;
  label: string;
  type: FieldType;
  required: boolean;
  help: string;
  options: DraftOption[];
  booleanPrice: string;
  min: string;
  max: string;
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
export const newField = (): DraftField => ({ uid: uid(), key: '', keyTouched: false, label: '', type: 'select', required: false, help: '', options: [newOption()], booleanPrice: '', min: '', max: '', shownWhen: null, requiredWhen: null });

const conditionValue = (c: NonNullable<FormField['shownWhen']>): string => String(c.equals ?? c.in?.[0] ?? '');

export function fromDefinition(fields: readonly FormField[], currency: string): DraftField[] {
  return fields.map((f) => ({
    uid: uid(),
    key: f.key,
    keyTouched: true,
    label: f.label,
    type: f.type,
    required: f.required,
    help: f.help ?? '',
    options: (f.options ?? []).map((o) => ({ uid: uid(), value: o.value, valueTouched: true, label: o.label, price: o.priceDeltaMinor ? toMajor(o.priceDeltaMinor, currency) : '' })),
    booleanPrice: f.priceDeltaMinor ? toMajor(f.priceDeltaMinor, currency) : '',
    min: f.min !== undefined ? String(f.min) : '',
    max: f.max !== undefined ? String(f.max) : '',
    shownWhen: f.shownWhen ? { field: f.shownWhen.field, equals: conditionValue(f.shownWhen) } : null,
    requiredWhen: f.requiredWhen ? { field: f.requiredWhen.field, equals: conditionValue(f.requiredWhen) } : null,
  }));
}

function conditionOut(c: DraftCondition | null, all: DraftField[]): FormField['shownWhen'] {
  if (!c || !c.field) return undefined;
  const target = all.find((f) => f.key === c.field);
  let equals: string | number | boolean = c.equals;
  if (target?.type === 'boolean') equals = c.equals === 'true';
  else if (target?.type === 'number' && c.equals.trim() !== '' && Number.isFinite(Number(c.equals))) equals = Number(c.equals);
  return { field: c.field, equals };
}

/** The definition to save (and to preview). Amounts typed as "12.50" become minor units. */
export function toDefinition(drafts: DraftField[], currency: string): FormField[] {
  return drafts.map((d) => {
    const choice = d.type === 'select' || d.type === 'multi_select';
    const ranged = d.type === 'number' || d.type === 'multi_select';
    const shownWhen = conditionOut(d.shownWhen, drafts);
    const requiredWhen = conditionOut(d.requiredWhen, drafts);
    const boolPrice = d.type === 'boolean' ? parseMoney(d.booleanPrice, currency) : undefined;
    return {
      key: d.key,
      label: d.label,
      type: d.type,
      required: d.required,
      ...(d.help.trim() ? { help: d.help.trim() } : {}),
      ...(choice ? { options: d.options.map((o) => ({ value: o.value, label: o.label, priceDeltaMinor: parseMoney(o.price, currency) ?? 0 })) } : {}),
      ...(boolPrice ? { priceDeltaMinor: boolPrice } : {}),
      ...(ranged && d.min.trim() !== '' && Number.isFinite(Number(d.min)) ? { min: Number(d.min) } : {}),
      ...(ranged && d.max.trim() !== '' && Number.isFinite(Number(d.max)) ? { max: Number(d.max) } : {}),
      ...(shownWhen ? { shownWhen } : {}),
      ...(requiredWhen ? { requiredWhen } : {}),
    };
  });
}
