/** HTTP for inquiries: the staff API, the shop's "ask about this product" form, and the customer's history. */
import { z } from 'zod';
import { actorOf } from '../http/actor.ts';
import { ifMatchVersion, problems, uuidParam, type App, type AppContext } from '../http/types.ts';
import { INQUIRY_CHANNELS, INQUIRY_STATES } from './inquiry-vocabulary.ts';
import { MOVE_COMMANDS } from './inquiry-lifecycle.ts';
import { answerInputSchema, askedProductSchema, contactSchema, inquiryDetailSchema, inquiryInputSchema, inquiryPatchSchema, inquirySchema } from './inquiry.ts';
import { addInquiryNote, answerInquiry, changeInquiry, createInquiry, findInquiries, getInquiry, moveInquiry } from './inquiries.use-cases.ts';
import { listActiveStaff } from './inquiries.repository.ts';
import { BUILT_IN_HISTORY, customerHistory, historyEntrySchema, type HistorySource } from './customer-history.ts';

/** The shop's form: the visitor's own contact details, one to a few products, the question. `website` is a honeypot: people never see it. */
export const publicInquiryInputSchema = z.strictObject({
  contact: contactSchema,
  question: inquiryInputSchema.shape.question,
  products: z.array(askedProductSchema).min(1, 'Choose the product you are asking about').max(5),
  language: z.enum(['en', 'tr']).optional(),
  website: z.string().max(500).optional().describe('Leave empty (a field hidden from people: a form that fills it is taken for a robot and nothing is kept)'),
});

const MOVE_SUMMARY: Record<(typeof MOVE_COMMANDS)[number], string> = {
  mark_quoted: 'Mark the inquiry quoted (a quote went to the customer)',
  win: 'Mark the inquiry won (it became an order)',
  lose: 'Mark the inquiry lost, saying why (reason)',
  reopen: 'Reopen a lost, answered or quoted inquiry',
};

export function inquiryRoutes(app: App, ctx: AppContext, extraHistory: readonly HistorySource[] = []): void {
  const { db } = ctx.database;
  const rateLimit = { max: ctx.config.publicRateLimit, timeWindow: '1 minute' };
  const ifMatch = z.object({ 'if-match': z.string().optional() });

  app.get(
    '/api/v1/inquiries',
    {
      config: { permission: 'inquiries.read' },
      schema: {
        tags: ['inquiries'],
        summary: 'Inquiries, newest first (overdue=true: open, answered or quoted ones whose follow-up date has passed, oldest date first)',
        querystring: z.strictObject({
          state: z.enum(INQUIRY_STATES).optional(),
          channel: z.enum(INQUIRY_CHANNELS).optional(),
          assignee: z.union([z.uuid(), z.literal('none')]).optional().describe("A staff member's id, or none for unassigned"),
          customerId: z.uuid().optional(),
          overdue: z.stringbool().optional(),
          after: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(inquirySchema), nextCursor: z.string().nullable() }), ...problems(422) },
      },
    },
    async (req) => findInquiries(db, req.query),
  );

  app.get(
    '/api/v1/inquiries/assignees',
    {
      config: { permission: 'inquiries.read' },
      schema: { tags: ['inquiries'], summary: 'The active staff an inquiry may be assigned to', response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.string() })) }) } },
    },
    async () => ({ items: await listActiveStaff(db) }),
  );

  app.post(
    '/api/v1/inquiries',
    {
      config: { permission: 'inquiries.write' },
      schema: {
        tags: ['inquiries'],
        summary: 'Record an inquiry (phone, e-mail, web form, in person): who asked, about which products and options, the question',
        description: 'Who asked: customerId, or contact (name with an e-mail address and/or phone). Contact details whose e-mail is a known customer\'s are linked to that customer; no customer is created otherwise.',
        body: inquiryInputSchema,
        response: { 201: inquirySchema, ...problems(422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createInquiry(db, req.body, actorOf(req))),
  );

  app.get(
    '/api/v1/inquiries/:id',
    { config: { permission: 'inquiries.read' }, schema: { tags: ['inquiries'], summary: 'An inquiry with its timeline', params: uuidParam, response: { 200: inquiryDetailSchema, ...problems(404) } } },
    async (req, reply) => {
      const i = await getInquiry(db, req.params.id);
      return reply.header('etag', `"${i.version}"`).send(i);
    },
  );

  app.patch(
    '/api/v1/inquiries/:id',
    {
      config: { permission: 'inquiries.write' },
      schema: {
        tags: ['inquiries'],
        summary: 'Assign an inquiry, set its follow-up date, link it to a customer',
        params: uuidParam,
        headers: ifMatch,
        body: inquiryPatchSchema,
        response: { 200: inquiryDetailSchema, ...problems(404, 409, 412, 422) },
      },
    },
    async (req, reply) => {
      const i = await changeInquiry(db, req.params.id, req.body, actorOf(req), ifMatchVersion(req.headers['if-match']));
      return reply.header('etag', `"${i.version}"`).send(i);
    },
  );

  app.post(
    '/api/v1/inquiries/:id/answers',
    {
      config: { permission: 'inquiries.write' },
      schema: {
        tags: ['inquiries'],
        summary: 'Answer an inquiry; with sendEmail the answer goes to the customer by e-mail (their language, through the outbox)',
        params: uuidParam,
        headers: ifMatch,
        body: answerInputSchema,
        response: { 200: inquiryDetailSchema, ...problems(404, 409, 412, 422) },
      },
    },
    async (req, reply) => {
      const i = await answerInquiry(db, req.params.id, req.body, actorOf(req), ifMatchVersion(req.headers['if-match']));
      ctx.nudgeMail?.();
      return reply.header('etag', `"${i.version}"`).send(i);
    },
  );

  app.post(
    '/api/v1/inquiries/:id/notes',
    {
      config: { permission: 'inquiries.write' },
      schema: {
        tags: ['inquiries'],
        summary: 'Add a note to the inquiry\'s timeline',
        params: uuidParam,
        body: z.strictObject({ text: z.string({ error: 'Write the note' }).trim().min(1, 'Write the note').max(5000) }),
        response: { 200: inquiryDetailSchema, ...problems(404, 422) },
      },
    },
    async (req) => addInquiryNote(db, req.params.id, req.body.text, actorOf(req)),
  );

  for (const command of MOVE_COMMANDS) {
    app.post(
      `/api/v1/inquiries/:id/${command.replace('_', '-')}`,
      {
        config: { permission: 'inquiries.write' },
        schema: {
          tags: ['inquiries'],
          summary: MOVE_SUMMARY[command],
          description: 'A move the state table does not allow answers 409 (invalid_transition) with the allowed commands.',
          params: uuidParam,
          headers: ifMatch,
          body: z.strictObject({ reason: z.string().trim().max(2000).optional() }).optional(),
          response: { 200: inquiryDetailSchema, ...problems(404, 409, 412, 422) },
        },
      },
      async (req, reply) => {
        const i = await moveInquiry(db, req.params.id, command, req.body?.reason, actorOf(req), ifMatchVersion(req.headers['if-match']));
        return reply.header('etag', `"${i.version}"`).send(i);
      },
    );
  }

  app.post(
    '/api/v1/public/inquiries',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['storefront'],
        summary: 'A visitor asks about a product on the shop ("ask about this product"): an inquiry on the web channel',
        description: 'Rate-limited per client address (429). No e-mail is sent back: staff answer. The answer says only that the question was received.',
        body: publicInquiryInputSchema,
        response: { 201: z.object({ received: z.literal(true) }), ...problems(422, 429) },
      },
    },
    async (req, reply) => {
      const { website, ...body } = req.body;
      // A robot filled the hidden field: answer as if all went well, keep nothing.
      if (website?.trim()) return reply.status(201).send({ received: true as const });
      await createInquiry(db, { ...body, channel: 'web' }, { kind: 'customer', id: 'web-form', name: body.contact.name });
      return reply.status(201).send({ received: true as const });
    },
  );

  app.get(
    '/api/v1/customers/:id/history',
    {
      config: { permission: 'customers.read' },
      schema: {
        tags: ['customers'],
        summary: "The customer's one history, newest first: inquiries, quotes, orders, the e-mails we sent them, feedback",
        description: 'Shows only the kinds the reader may see elsewhere: e-mails need mail.read, quotes quotes.read, survey answers feedback.read.',
        params: uuidParam,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(historyEntrySchema) }), ...problems(404) },
      },
    },
    async (req) => ({ items: await customerHistory(db, req.params.id, [...BUILT_IN_HISTORY, ...extraHistory], req.identity?.role, req.query.limit) }),
  );
}
