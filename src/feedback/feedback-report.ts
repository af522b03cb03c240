/**
 * The feedback page's numbers: the average rating (1–5) and the recommend score (NPS: the
 * share of 9–10 answers less the share of 0–6 answers, −100…100) per week or month, per
 * channel and per product, and the latest answers with their comments, newest first.
 */
import type { Conn } from '../shared/db.ts';
import { byChannel, byPeriod, byProduct, latestComments, type GroupRow, type PeriodRow } from './feedback.repository.ts';

export type Score = { responses: number; averageRating: number | null; nps: number | null };

const score = (r: { responses: number; averageRating: number | null; promoters: number; detractors: number }): Score => ({
  responses: r.responses,
  averageRating: r.responses ? Math.round(Number(r.averageRating) * 100) / 100 : null,
  nps: r.responses ? Math.round(((r.promoters - r.detractors) / r.responses) * 100) : null,
});

export async function feedbackReport(conn: Conn, f: { unit: 'week' | 'month'; days: number; now?: Date }) {
  const since = new Date((f.now ?? new Date()).getTime() - f.days * 86_400_000);
  const [periods, channels, products, comments] = await Promise.all([byPeriod(conn, f.unit, since), byChannel(conn, since), byProduct(conn, since, 20), latestComments(conn, 50)]);
  const total = periods.reduce((a, p: PeriodRow) => ({ responses: a.responses + p.responses, sum: a.sum + Number(p.averageRating) * p.responses, promoters: a.promoters + p.promoters, detractors: a.detractors + p.detractors }), { responses: 0, sum: 0, promoters: 0, detractors: 0 });
  return {
    unit: f.unit,
    since: since.toISOString().slice(0, 10),
    overall: score({ ...total, averageRating: total.responses ? total.sum / total.responses : null }),
    periods: periods.map((p) => ({ period: p.period, ...score(p) })),
    channels: channels.map((g: GroupRow) => ({ key: g.key, label: g.label, ...score(g) })),
    products: products.map((g: GroupRow) => ({ key: g.key, label: g.label, ...score(g) })),
    comments: comments.map((c) => ({ ...c, createdAt: new Date(c.createdAt) })),
  };
}
