/**
 * The HTTP application: the kit from src/http with the auth hook and every
 * capability's routes, in the order they are registered. The only place that
 * knows every routes file.
 */
import type { App, AppContext } from '../http/types.ts';
import { buildServer } from '../http/server.ts';
import type { OrderReactions } from '../orders/order-events.ts';
import { registerAuth } from '../auth/auth.plugin.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { storefrontRoutes } from '../storefront/storefront.routes.ts';
import { catalogRoutes } from '../catalog/catalog.routes.ts';
import { partyRoutes } from '../parties/parties.routes.ts';
import { workItemRoutes } from '../fulfilment/work-items.routes.ts';
import { partyProblems } from '../parties/parties.use-cases.ts';
import { inventoryRoutes } from '../inventory/inventory.routes.ts';
import { customerRoutes } from '../customers/customers.routes.ts';
import { orderRoutes } from '../orders/orders.routes.ts';
import { completionRoutes } from '../orders/completion.routes.ts';
import { publicCompletionRoutes } from '../storefront/completion.routes.ts';
import { customerMatchRoutes } from '../orders/customer-match.routes.ts';
import { reservationRoutes } from '../storefront/reservations.routes.ts';
import { settingsRoutes } from '../settings/settings.routes.ts';
import { paymentRoutes } from '../payments/payments.routes.ts';
import { mailRoutes } from '../notifications/mail.routes.ts';
import { mailTemplateRoutes } from '../notifications/mail-templates.routes.ts';
import { accessRoutes } from '../access/access-links.routes.ts';
import { publicRoutes } from '../access/public.routes.ts';
import { completeOrderRoutes } from '../access/complete-order.routes.ts';
import { returnToCustomerRoutes } from '../notifications/return-to-customer.routes.ts';
import { customerMailRoutes } from '../notifications/customer-mail.routes.ts';
import { fulfilmentRoutes } from '../fulfilment/fulfilment.routes.ts';
import { goodsInRoutes } from '../fulfilment/goods-in.routes.ts';
import { customerShipments } from '../fulfilment/order-fulfilment.ts';
import { documentRoutes } from '../documents/documents.routes.ts';
import { webhookRoutes } from '../webhooks/webhooks.routes.ts';
import { quoteRoutes } from '../quotes/quotes.routes.ts';
import { publicQuoteRoutes } from '../quotes/public-quotes.routes.ts';
import { feedbackRoutes } from '../feedback/feedback.routes.ts';
import { feedbackHistory } from './feedback-history.ts';
import { surveyRoutes } from '../feedback/survey.routes.ts';
import { quoteHistory } from '../quotes/quote-history.ts';
import { intakeRoutes } from '../intake/intake.routes.ts';
import { inquiryRoutes } from '../inquiries/inquiries.routes.ts';
import { buildOrderReactions } from './order-reactions.ts';
import { cardProviderFrom } from './card-provider.ts';
import { todayRoutes } from './today.routes.ts';

export async function buildHttpApp(ctx: AppContext, reactions: OrderReactions = buildOrderReactions()): Promise<App> {
  const card = cardProviderFrom(ctx.config);
  return buildServer(ctx, {
    auth: (app) => registerAuth(app, ctx),
    routes: (app) => {
      authRoutes(app, ctx, ctx.setup ?? { token: undefined });
      storefrontRoutes(app, ctx, reactions);
      publicCompletionRoutes(app, ctx);
      catalogRoutes(app, ctx, partyProblems);
      partyRoutes(app, ctx);
      workItemRoutes(app, ctx);
      inventoryRoutes(app, ctx);
      customerRoutes(app, ctx);
      completionRoutes(app, ctx);
      orderRoutes(app, ctx, reactions);
      fulfilmentRoutes(app, ctx, reactions);
      goodsInRoutes(app, ctx);
      customerMatchRoutes(app, ctx, reactions);
      reservationRoutes(app, ctx, reactions);
      settingsRoutes(app, ctx);
      paymentRoutes(app, ctx, card, reactions);
      mailRoutes(app, ctx);
      mailTemplateRoutes(app, ctx);
      accessRoutes(app, ctx);
      publicRoutes(app, ctx, reactions, customerShipments, card);
      completeOrderRoutes(app, ctx, reactions);
      returnToCustomerRoutes(app, ctx);
      customerMailRoutes(app, ctx);
      documentRoutes(app, ctx);
      webhookRoutes(app, ctx);
      quoteRoutes(app, ctx);
      publicQuoteRoutes(app, ctx, reactions);
      feedbackRoutes(app, ctx);
      surveyRoutes(app, ctx);
      intakeRoutes(app, ctx, reactions);
      // The customer's history: quotes and feedback add their readers here (HistorySource, src/inquiries/customer-history.ts).
      inquiryRoutes(app, ctx, [quoteHistory, feedbackHistory]);
      todayRoutes(app, ctx);
    },
  });
}
