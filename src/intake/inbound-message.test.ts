import { describe, expect, it } from 'vitest';
import { checkAttachment, recogniseProducts, repliedTo, senderTrust } from './inbound-message.ts';

const catalog = [
  { id: 'sofa', sku: 'SOFA-3', name: 'Oslo sofa' },
  { id: 'chair', sku: 'CH-1', name: 'Chair' },
  { id: 'armchair', sku: 'CH-2', name: 'Oslo armchair' },
  { id: 'twin1', sku: 'T-1', name: 'Table' },
  { id: 'twin2', sku: 'T-2', name: 'Table' },
];

describe('recogniseProducts', () => {
  it('reads SKUs and whole names with the quantity written before or after, in English and Turkish', () => {
    const lines = recogniseProducts('2 x SOFA-3\nCH-1 x 4\n3 adet oslo armchair\nqty: 7 of something else', catalog);
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['sofa', 2],
      ['chair', 4],
      ['armchair', 3],
    ]);
  });
  it('ignores quoted text and the signature, adds up a product named twice, and leaves a missing quantity undefined', () => {
    const lines = recogniseProducts('SOFA-3 please\n> 9 x CH-1\n1 SOFA-3 more\n-- \n10 x CH-1 Street', catalog);
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([['sofa', 1]]);
    expect(recogniseProducts('an Oslo sofa.', catalog).map((l) => [l.productId, l.quantity])).toEqual([['sofa', undefined]]);
  });
  it('never reads a name inside a word or a SKU, nor a name two products share', () => {
    expect(recogniseProducts('Chairman of the board\nOSLO SOFA-X', catalog)).toEqual([]);
    expect(recogniseProducts('2 x Table', catalog)).toEqual([]);
    expect(recogniseProducts('2 x T-2', catalog).map((l) => l.productId)).toEqual(['twin2']);
  });
});

describe('senderTrust', () => {
  it('believes the listener only when From is the envelope sender, and a paste always unless From is missing or several', () => {
    expect(senderTrust('smtp', 'A@x.example', ['a@x.example']).trusted).toBe(true);
    expect(senderTrust('smtp', 'm@evil.example', ['a@x.example'])).toMatchObject({ trusted: false, note: expect.stringContaining('forged') });
    expect(senderTrust('smtp', null, ['a@x.example']).trusted).toBe(false);
    expect(senderTrust('upload', null, ['a@x.example']).trusted).toBe(true);
    expect(senderTrust('upload', null, ['a@x.example', 'b@x.example']).trusted).toBe(false);
    expect(senderTrust('upload', null, []).trusted).toBe(false);
  });
});

describe('checkAttachment', () => {
  it('keeps accepted types whose bytes match, and says why it keeps nothing else', () => {
    expect(checkAttachment('application/pdf', Buffer.from('%PDF-1.7 ...'))).toEqual({ keep: true });
    expect(checkAttachment('image/png; name=x.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual({ keep: true });
    expect(checkAttachment('image/png', Buffer.from('MZ...'))).toMatchObject({ keep: false });
    expect(checkAttachment('text/plain', Buffer.from([0x41, 0x00]))).toMatchObject({ keep: false });
    expect(checkAttachment('application/x-msdownload', Buffer.from('MZ'))).toMatchObject({ keep: false, reason: expect.stringContaining('not kept') });
  });
});

describe('repliedTo', () => {
  it('lists In-Reply-To first, then References newest first, without repeats', () => {
    expect(repliedTo('<b@x>', ['<a@x>', '<b@x>'])).toEqual(['<b@x>', '<a@x>']);
    expect(repliedTo(undefined, '<a@x> <c@x>')).toEqual(['<c@x>', '<a@x>']);
  });
});
