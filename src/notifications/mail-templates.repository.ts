/** All SQL on the business's own e-mail wording (mail_templates). */
import { and, eq, sql } from 'drizzle-orm';
import type { Conn } from '../shared/db.ts';
import { runBuiltOnce } from '../shared/sql.ts';
import type { Actor } from '../shared/actor.ts';
import { mailTemplates } from '../shared/schema.ts';

export type MailTemplateRow = typeof mailTemplates.$inferSelect;

export const findTemplates = (conn: Conn): Promise<MailTemplateRow[]> => conn.select().from(mailTemplates);

export async function findTemplate(conn: Conn, template: string, language: string): Promise<MailTemplateRow | undefined> {
  const [row] = await runBuiltOnce(
    conn,
    'mailTemplates.find',
    () =>
      conn
        .select()
        .from(mailTemplates)
        .where(and(eq(mailTemplates.template, sql.placeholder('template')), eq(mailTemplates.language, sql.placeholder('language')))),
    { template, language },
  );
  return row;
}

export async function upsertTemplate(conn: Conn, row: { template: string; language: string; subject: string; body: string; updatedBy: Actor }): Promise<MailTemplateRow> {
  const [saved] = await conn
    .insert(mailTemplates)
    .values(row)
    .onConflictDoUpdate({ target: [mailTemplates.template, mailTemplates.language], set: { subject: row.subject, body: row.body, updatedBy: row.updatedBy, updatedAt: new Date() } })
    .returning();
  if (!saved) throw new Error('upsert returned no row');
  return saved;
}

export async function deleteTemplate(conn: Conn, template: string, language: string): Promise<void> {
  await conn.delete(mailTemplates).where(and(eq(mailTemplates.template, template), eq(mailTemplates.language, language)));
}
