/** A document model as a printable HTML page; every piece of text is escaped. Pure. */
import type { DocumentModel } from './document-model.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const STYLE = `
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:12px;color:#000;max-width:800px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:4px 0 8px}.issuer{color:#555;font-weight:bold}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 8px;margin:0 0 16px}dl.meta dt{font-weight:bold}dl.meta dd{margin:0}
.blocks{display:flex;gap:24px;margin-bottom:16px}.blocks section{flex:1}.blocks h2,.footer h2{font-size:12px;margin:0 0 4px}
table{width:100%;border-collapse:collapse;margin:8px 0}th,td{padding:4px 6px;border-bottom:1px solid #bbb;vertical-align:top;text-align:left}
th.r,td.r{text-align:right}ul.details{margin:2px 0 0;padding-left:16px;font-size:11px;color:#333}
table.totals{width:50%;margin-left:auto}table.totals tr:last-child td{font-weight:bold;font-size:13px}
.footer section{margin-top:12px}p{margin:4px 0}
@media print{body{margin:0}}
`;

export function renderHtml(m: DocumentModel): string {
  const e = escapeHtml;
  const lines = (ls: string[]) => ls.map((l) => `<div>${e(l)}</div>`).join('');
  const cls = (align: 'left' | 'right') => (align === 'right' ? ' class="r"' : '');
  const itemCol = Math.max(0, m.columns.findIndex((c) => c.align === 'left' && c.width === Math.max(...m.columns.map((k) => k.width))));
  return `<!doctype html>
<html lang="${e(m.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(m.title)} ${e(m.meta[0]?.[1] ?? '')}</title><style>${STYLE}</style></head>
<body>
<div class="issuer">${e(m.issuer)}</div>
<h1>${e(m.title)}</h1>
<dl class="meta">${m.meta.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
<div class="blocks">${m.blocks.map((b) => `<section><h2>${e(b.heading)}</h2>${lines(b.lines)}</section>`).join('')}</div>
${m.intro.map((p) => `<p>${e(p)}</p>`).join('')}
<table><thead><tr>${m.columns.map((c) => `<th${cls(c.align)}>${e(c.label)}</th>`).join('')}</tr></thead>
<tbody>${m.rows
    .map(
      (r) =>
        `<tr>${r.cells
          .map((c, i) => `<td${cls(m.columns[i]?.align ?? 'left')}>${e(c)}${i === itemCol && r.details.length ? `<ul class="details">${r.details.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : ''}</td>`)
          .join('')}</tr>`,
    )
    .join('')}</tbody></table>
${m.totals.length ? `<table class="totals"><tbody>${m.totals.map(([k, v]) => `<tr><td>${e(k)}</td><td class="r">${e(v)}</td></tr>`).join('')}</tbody></table>` : ''}
<div class="footer">${m.footer.map((b) => `<section><h2>${e(b.heading)}</h2>${lines(b.lines)}</section>`).join('')}</div>
</body></html>
`;
}
