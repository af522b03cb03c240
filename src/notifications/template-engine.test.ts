import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate } from './template-engine.ts';
import { DEFAULT_TEMPLATES, TEMPLATE_NAMES } from './default-templates.ts';
import { LANGUAGES } from './i18n.ts';
import { SAMPLE_DATA, viewOf } from './templates.ts';

describe('the mail template engine', () => {
  it('every default template, in every language, passes the check it is held to when the business saves one', () => {
    for (const lang of LANGUAGES) {
      for (const name of TEMPLATE_NAMES) {
        expect(checkTemplate(DEFAULT_TEMPLATES[lang][name], viewOf(name, lang, SAMPLE_DATA[name], 'https://x.example')), `${name}/${lang}`).toEqual([]);
      }
    }
  });

  it('escapes every value in the HTML part, keeps it as typed in the text part, and makes links clickable', () => {
    const r = renderTemplate({ subject: 'Hi {{name}}\nBcc: x', body: 'Dear {{name}},\n\nSee {{url}}' }, { name: '<b>Ada</b> & "co"', url: 'https://x.example/my-order/abc?a=1&b=2' }, 'en');
    expect(r.subject).toBe('Hi <b>Ada</b> & "co" Bcc: x');
    expect(r.text).toBe('Dear <b>Ada</b> & "co",\n\nSee https://x.example/my-order/abc?a=1&b=2');
    expect(r.html).toContain('<p>Dear &lt;b&gt;Ada&lt;/b&gt; &amp; &quot;co&quot;,</p>');
    expect(r.html).toContain('<a href="https://x.example/my-order/abc?a=1&amp;b=2">');
  });

  it('names what would fail: syntax, unknown names (also outside their list), unescaped output, partials, empty parts', () => {
    const sample = { a: 'x', list: [{ item: 'y' }] };
    expect(checkTemplate({ subject: '{{a}}', body: '{{#list}}{{item}}' }, sample)[0]).toMatchObject({ part: 'body' });
    expect(checkTemplate({ subject: '{{b}}', body: '{{a}}' }, sample)).toEqual([{ part: 'subject', message: 'unknown name {{b}}' }]);
    expect(checkTemplate({ subject: '{{a}}', body: '{{#list}}{{item}} {{a}}{{/list}}' }, sample)).toEqual([]);
    expect(checkTemplate({ subject: '{{a}}', body: '{{item}}' }, sample)).toEqual([{ part: 'body', message: 'unknown name {{item}}' }]);
    expect(checkTemplate({ subject: '{{a}}', body: '{{{a}}}' }, sample)[0]?.message).toContain('unescaped');
    expect(checkTemplate({ subject: '{{a}}', body: '{{> p}}' }, sample)[0]?.message).toContain('partials');
    expect(checkTemplate({ subject: '  ', body: '{{a}}' }, sample)).toEqual([{ part: 'subject', message: 'the subject is empty' }]);
  });
});
