/**
 * The wording every customer e-mail starts with, per template and language
 * (Mustache: `{{name}}` prints a value, `{{#x}}…{{/x}}` repeats over a list or
 * shows when x is there, `{{^x}}…{{/x}}` when it is not). The business may
 * replace any of them in the back office (Settings → E-mail wording); "reset"
 * returns to these. Pure data.
 */
import type { Language } from './i18n.ts';
import type { TemplateSource } from './template-engine.ts';

export const TEMPLATE_NAMES = ['order_received', 'order_confirmation', 'verification_request', 'order_link', 'staff_message', 'order_delayed', 'shipment_shipped', 'shipment_delivered', 'work_item_handoff', 'work_item_cancelled', 'inquiry_answer', 'quote_sent', 'complete_order', 'complete_order_reminder', 'feedback_request'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const isTemplateName = (v: unknown): v is TemplateName => typeof v === 'string' && (TEMPLATE_NAMES as readonly string[]).includes(v);

/** What each template is for, shown beside it in the back office. */
export const TEMPLATE_PURPOSE: Record<TemplateName, string> = {
  order_received: 'Sent at once when an order comes in (shop orders; phone, e-mail and API orders when the settings say so)',
  order_confirmation: 'Sent when staff confirm the order: lines, totals, how to pay, a link to the order page',
  verification_request: 'Asks the customer to check and confirm their order (when the verification policy holds it back)',
  order_link: 'A fresh link to the order page, when the customer asks for one',
  staff_message: 'The frame around a message staff write from the order page',
  order_delayed: 'Tells the customer the order will be late: the new date and the reason staff wrote',
  shipment_shipped: 'Sent for each shipment as it leaves (or is ready to collect): carrier, tracking number and link, what is in it, expected delivery',
  shipment_delivered: 'Sent when the last shipment of the order is delivered',
  work_item_handoff: 'To a party (warehouse, accounts, supplier, manufacturer) with an e-mail address, when an order is released: its work item, due date and the lines with their answers',
  work_item_cancelled: "To a party whose open work item is cancelled with its order",
  inquiry_answer: 'The answer staff write to a question a customer asked before ordering (an inquiry): their question, the products it was about, and the answer',
  quote_sent: 'A quote to the customer: its lines and prices, how long it is valid, the quote as a PDF and a link to a page where they can accept it',
  complete_order: 'A draft sent back to the customer to complete: exactly what is missing, line by line, and a link to a page with only those fields',
  feedback_request: 'Asks the customer how it went, a set time after delivery (settings: feedback): a link to the short survey and a link to stop these requests',
  complete_order_reminder: 'Reminds the customer, once, when a draft sent back to them is not completed in time (settings: notifications.completeReminderHours)',
};

const en: Record<TemplateName, TemplateSource> = {
  order_received: {
    subject: 'We have received your order {{orderNumber}}',
    body: `Dear {{customerName}},

Thank you for your order {{orderNumber}}. We have received it and will check it now.

{{#lines}}
- {{quantity}} × {{name}}
{{/lines}}

Total: {{total}}

What happens next: we check your order and confirm it to you by e-mail, with how to pay{{#expectedDate}} and when we expect to complete it (currently {{expectedDate}}){{/expectedDate}}. Nothing is charged before that.
{{#orderPageUrl}}

You can follow your order here at any time:
{{orderPageUrl}}
{{/orderPageUrl}}

Questions? Contact us: {{business.contact}}.

Kind regards,
{{business.name}}`,
  },
  order_confirmation: {
    subject: 'Your order {{orderNumber}} is confirmed',
    body: `Dear {{customerName}},

Thank you. We have confirmed your order {{orderNumber}}.

Your order:
{{#lines}}
- {{quantity}} × {{name}}  {{total}}
{{#options}}
    {{label}}: {{value}}
{{/options}}
{{/lines}}

Subtotal: {{subtotal}}
{{#delivery}}
Delivery: {{delivery}}
{{/delivery}}
Tax: {{tax}}
Total: {{total}}
{{#expectedDate}}

We expect to complete your order by {{expectedDate}}.
{{/expectedDate}}
{{#payment}}

Payment ({{method}}):
{{instructions}}
{{#bank}}
  {{label}}: {{value}}
{{/bank}}
{{/payment}}
{{#orderPageUrl}}

See your order and its progress at any time:
{{orderPageUrl}}
{{/orderPageUrl}}

If anything in this order is not right, please contact us straight away: {{business.contact}}.

Kind regards,
{{business.name}}
{{business.address}}`,
  },
  verification_request: {
    subject: 'Please check your order {{orderNumber}}',
    body: `Dear {{customerName}},

Before we go ahead with your order {{orderNumber}}, please check its details and confirm they are right.

{{#verifyUrl}}
Check and confirm your order:
{{verifyUrl}}
{{/verifyUrl}}
{{^verifyUrl}}
Please contact us to confirm it: {{business.contact}}.
{{/verifyUrl}}

If something is wrong, do not confirm; contact us instead: {{business.contact}}.

Kind regards,
{{business.name}}`,
  },
  order_link: {
    subject: 'Your link to order {{orderNumber}}',
    body: `Dear {{customerName}},

You asked for a new link to your order {{orderNumber}}. Here it is:
{{#orderPageUrl}}
{{orderPageUrl}}
{{/orderPageUrl}}
{{^orderPageUrl}}
Please contact us for it: {{business.contact}}.
{{/orderPageUrl}}

The link works for {{validDays}} days. Keep it to yourself: anyone with it can see your order.
If you did not ask for this, you can ignore this e-mail.

Kind regards,
{{business.name}}`,
  },
  staff_message: {
    subject: 'About your order {{orderNumber}}',
    body: `Dear {{customerName}},

{{message}}

Kind regards,
{{sender}}
{{business.name}} · {{business.contact}}`,
  },
  order_delayed: {
    subject: 'Your order {{orderNumber}} will be later than planned',
    body: `Dear {{customerName}},

We are sorry: your order {{orderNumber}} will not be ready by {{previousDate}} as we said. We now expect to complete it by {{newDate}}.

Why: {{reason}}

If this date does not work for you, please contact us: {{business.contact}}.
{{#orderPageUrl}}

You can follow your order here at any time:
{{orderPageUrl}}
{{/orderPageUrl}}

Kind regards,
{{business.name}}`,
  },
  shipment_shipped: {
    subject: '{{#isPickup}}Your order {{orderNumber}} is ready to collect{{/isPickup}}{{^isPickup}}Your order {{orderNumber}} is on its way{{/isPickup}}',
    body: `Dear {{customerName}},

{{#isCarrier}}
Your order {{orderNumber}} has left us{{#carrier}} with {{carrier}}{{/carrier}}.
{{#trackingNumber}}
Tracking number: {{trackingNumber}}
{{/trackingNumber}}
{{#trackingUrl}}
Follow your parcel: {{trackingUrl}}
{{/trackingUrl}}
{{/isCarrier}}
{{#isLocalDelivery}}
We are bringing your order {{orderNumber}} to you ourselves{{#slot}}: {{slot}}{{/slot}}.
{{/isLocalDelivery}}
{{#isPickup}}
Your order {{orderNumber}} is ready for you to collect{{#slot}}: {{slot}}{{/slot}}.
{{/isPickup}}
{{#expectedDelivery}}
Expected delivery: {{expectedDelivery}}
{{/expectedDelivery}}

{{#isPickup}}Ready for you{{/isPickup}}{{^isPickup}}In this package{{/isPickup}}:
{{#lines}}
- {{quantity}} × {{name}}
{{/lines}}
{{^isLast}}

The rest of your order follows separately; we will e-mail you when it leaves.
{{/isLast}}
{{#orderPageUrl}}

You can follow your order here at any time:
{{orderPageUrl}}
{{/orderPageUrl}}

Questions? Contact us: {{business.contact}}.

Kind regards,
{{business.name}}`,
  },
  shipment_delivered: {
    subject: 'Your order {{orderNumber}} has been delivered',
    body: `Dear {{customerName}},

Your order {{orderNumber}} has been delivered{{#deliveredOn}} ({{deliveredOn}}){{/deliveredOn}}. Thank you for ordering from us.

If anything is missing or not right, please contact us: {{business.contact}}.

Kind regards,
{{business.name}}`,
  },
  work_item_handoff: {
    subject: '{{kind}} for order {{orderNumber}}',
    body: `Hello {{partyName}},

Order {{orderNumber}} has a {{kindLower}} for you.
{{#dueDate}}Due by {{dueDate}}.
{{/dueDate}}{{#expectedDate}}The order is expected to be complete by {{expectedDate}}.
{{/expectedDate}}
{{#attached}}{{attached}}
{{/attached}}
Lines:
{{#lines}}
- {{quantity}} × {{name}} ({{sku}})
{{#options}}
    {{label}}: {{value}}
{{/options}}
{{/lines}}

Questions: {{business.contact}}

Kind regards,
{{business.name}}`,
  },
  work_item_cancelled: {
    subject: 'Cancelled: {{kindLower}} for order {{orderNumber}}',
    body: `Hello {{partyName}},

Order {{orderNumber}} was cancelled, so its {{kindLower}} is cancelled too: please do not go ahead with it.
{{#reason}}Reason: {{reason}}
{{/reason}}
Questions: {{business.contact}}

Kind regards,
{{business.name}}`,
  },
  complete_order: {
    subject: 'Your order with {{business.name}}: a few answers are missing',
    body: `Dear {{customerName}},

Thank you for your order. Before we can take it, we need a few more answers from you:

{{#lines}}
{{name}}{{#quantity}} ({{quantity}}){{/quantity}}:
{{#missing}}
- {{label}}
{{/missing}}
{{/lines}}
{{#completeUrl}}

Please give them here (the page shows only what is missing; the link works for {{validDays}} days):
{{completeUrl}}
{{/completeUrl}}
{{^completeUrl}}

Please reply to this e-mail or call us with them.
{{/completeUrl}}

As soon as you have answered, your order is placed and we confirm it to you.

Questions? Contact us: {{business.contact}}.

Kind regards,
{{business.name}}`,
  },
  complete_order_reminder: {
    subject: 'Reminder: your order with {{business.name}} is waiting for your answers',
    body: `Dear {{customerName}},

Your order is not placed yet: it still needs these answers from you:

{{#lines}}
{{name}}{{#quantity}} ({{quantity}}){{/quantity}}:
{{#missing}}
- {{label}}
{{/missing}}
{{/lines}}
{{#completeUrl}}

You can give them here (the link works for {{validDays}} days):
{{completeUrl}}
{{/completeUrl}}
{{^completeUrl}}

Please reply to this e-mail or call us with them.
{{/completeUrl}}

Questions? Contact us: {{business.contact}}.

Kind regards,
{{business.name}}`,
  },
  quote_sent: {
    subject: 'Your quote {{quoteNumber}} from {{business.name}}',
    body: `Dear {{customerName}},

Thank you for your interest. Here is our quote {{quoteNumber}}:

{{#lines}}
- {{quantity}} × {{name}}{{#options}}, {{label}}: {{value}}{{/options}} — {{total}}
{{/lines}}

{{#delivery}}
Delivery: {{delivery}}
{{/delivery}}
Tax: {{tax}}
Total: {{total}}

The quote is valid until {{validUntil}}. It is attached as a PDF.
{{#quotePageUrl}}

To accept it, open this page and press "Accept the quote": we then take it as your order, with exactly these lines and prices.
{{quotePageUrl}}
{{/quotePageUrl}}
{{^quotePageUrl}}

To accept it, reply to this e-mail or contact us: {{business.contact}}.
{{/quotePageUrl}}

Questions? Contact us: {{business.contact}}.

Kind regards,
{{business.name}}`,
  },
  inquiry_answer: {
    subject: 'Your question to {{business.name}}',
    body: `Dear {{customerName}},

Thank you for your question{{#hasProducts}} about {{productNames}}{{/hasProducts}}.

{{answer}}

Kind regards,
{{sender}}
{{business.name}} · {{business.contact}}

Your question:
{{question}}`,
  },
  feedback_request: {
    subject: 'How was your order {{orderNumber}}?',
    body: `Dear {{customerName}},

Your order {{orderNumber}} was delivered a little while ago. How did we do? It takes a minute: one rating, one question and room for a comment.
{{#surveyUrl}}

{{surveyUrl}}
{{/surveyUrl}}
{{^surveyUrl}}

Reply to this e-mail or contact us: {{business.contact}}.
{{/surveyUrl}}

Thank you,
{{business.name}}
{{#optOutUrl}}

Stop sending me feedback requests: {{optOutUrl}}
{{/optOutUrl}}`,
  },
};

const tr: Record<TemplateName, TemplateSource> = {
  order_received: {
    subject: '{{orderNumber}} numaralı siparişinizi aldık',
    body: `Sayın {{customerName}},

{{orderNumber}} numaralı siparişiniz için teşekkür ederiz. Siparişinizi aldık ve şimdi kontrol edeceğiz.

{{#lines}}
- {{quantity}} × {{name}}
{{/lines}}

Toplam: {{total}}

Sırada ne var: siparişinizi kontrol edip size e-postayla, ödeme bilgileriyle birlikte onaylayacağız{{#expectedDate}}; tahmini tamamlanma tarihi şu an {{expectedDate}}{{/expectedDate}}. Bundan önce hiçbir ücret alınmaz.
{{#orderPageUrl}}

Siparişinizi istediğiniz zaman buradan takip edebilirsiniz:
{{orderPageUrl}}
{{/orderPageUrl}}

Sorularınız için bize ulaşın: {{business.contact}}.

Saygılarımızla,
{{business.name}}`,
  },
  order_confirmation: {
    subject: '{{orderNumber}} numaralı siparişiniz onaylandı',
    body: `Sayın {{customerName}},

Teşekkür ederiz. {{orderNumber}} numaralı siparişinizi onayladık.

Siparişiniz:
{{#lines}}
- {{quantity}} × {{name}}  {{total}}
{{#options}}
    {{label}}: {{value}}
{{/options}}
{{/lines}}

Ara toplam: {{subtotal}}
{{#delivery}}
Teslimat: {{delivery}}
{{/delivery}}
KDV: {{tax}}
Toplam: {{total}}
{{#expectedDate}}

Siparişinizi {{expectedDate}} tarihine kadar tamamlamayı bekliyoruz.
{{/expectedDate}}
{{#payment}}

Ödeme ({{method}}):
{{instructions}}
{{#bank}}
  {{label}}: {{value}}
{{/bank}}
{{/payment}}
{{#orderPageUrl}}

Siparişinizi ve durumunu istediğiniz zaman görebilirsiniz:
{{orderPageUrl}}
{{/orderPageUrl}}

Bu siparişte yanlış bir şey varsa lütfen hemen bize ulaşın: {{business.contact}}.

Saygılarımızla,
{{business.name}}
{{business.address}}`,
  },
  verification_request: {
    subject: 'Lütfen {{orderNumber}} numaralı siparişinizi kontrol edin',
    body: `Sayın {{customerName}},

{{orderNumber}} numaralı siparişinize devam etmeden önce lütfen bilgilerini kontrol edip doğru olduğunu onaylayın.

{{#verifyUrl}}
Siparişinizi kontrol edip onaylayın:
{{verifyUrl}}
{{/verifyUrl}}
{{^verifyUrl}}
Onaylamak için lütfen bize ulaşın: {{business.contact}}.
{{/verifyUrl}}

Yanlış bir şey varsa onaylamayın; bunun yerine bize ulaşın: {{business.contact}}.

Saygılarımızla,
{{business.name}}`,
  },
  order_link: {
    subject: '{{orderNumber}} numaralı siparişinizin bağlantısı',
    body: `Sayın {{customerName}},

{{orderNumber}} numaralı siparişiniz için yeni bir bağlantı istediniz. İşte bağlantınız:
{{#orderPageUrl}}
{{orderPageUrl}}
{{/orderPageUrl}}
{{^orderPageUrl}}
Bağlantı için lütfen bize ulaşın: {{business.contact}}.
{{/orderPageUrl}}

Bağlantı {{validDays}} gün geçerlidir. Kimseyle paylaşmayın: bağlantıya sahip olan herkes siparişinizi görebilir.
Bunu siz istemediyseniz bu e-postayı dikkate almayın.

Saygılarımızla,
{{business.name}}`,
  },
  staff_message: {
    subject: '{{orderNumber}} numaralı siparişiniz hakkında',
    body: `Sayın {{customerName}},

{{message}}

Saygılarımızla,
{{sender}}
{{business.name}} · {{business.contact}}`,
  },
  order_delayed: {
    subject: '{{orderNumber}} numaralı siparişiniz planlanandan geç hazır olacak',
    body: `Sayın {{customerName}},

Özür dileriz: {{orderNumber}} numaralı siparişiniz söylediğimiz gibi {{previousDate}} tarihine kadar hazır olmayacak. Şimdi {{newDate}} tarihine kadar tamamlamayı bekliyoruz.

Nedeni: {{reason}}

Bu tarih size uymuyorsa lütfen bize ulaşın: {{business.contact}}.
{{#orderPageUrl}}

Siparişinizi istediğiniz zaman buradan takip edebilirsiniz:
{{orderPageUrl}}
{{/orderPageUrl}}

Saygılarımızla,
{{business.name}}`,
  },
  shipment_shipped: {
    subject: '{{#isPickup}}{{orderNumber}} numaralı siparişiniz teslim almaya hazır{{/isPickup}}{{^isPickup}}{{orderNumber}} numaralı siparişiniz yola çıktı{{/isPickup}}',
    body: `Sayın {{customerName}},

{{#isCarrier}}
{{orderNumber}} numaralı siparişiniz{{#carrier}} {{carrier}} ile{{/carrier}} yola çıktı.
{{#trackingNumber}}
Takip numarası: {{trackingNumber}}
{{/trackingNumber}}
{{#trackingUrl}}
Kargonuzu takip edin: {{trackingUrl}}
{{/trackingUrl}}
{{/isCarrier}}
{{#isLocalDelivery}}
{{orderNumber}} numaralı siparişinizi size kendimiz getiriyoruz{{#slot}}: {{slot}}{{/slot}}.
{{/isLocalDelivery}}
{{#isPickup}}
{{orderNumber}} numaralı siparişiniz teslim almanız için hazır{{#slot}}: {{slot}}{{/slot}}.
{{/isPickup}}
{{#expectedDelivery}}
Tahmini teslimat: {{expectedDelivery}}
{{/expectedDelivery}}

{{#isPickup}}Sizi bekleyenler{{/isPickup}}{{^isPickup}}Bu pakette{{/isPickup}}:
{{#lines}}
- {{quantity}} × {{name}}
{{/lines}}
{{^isLast}}

Siparişinizin geri kalanı ayrıca gönderilecek; yola çıktığında size e-posta göndereceğiz.
{{/isLast}}
{{#orderPageUrl}}

Siparişinizi istediğiniz zaman buradan takip edebilirsiniz:
{{orderPageUrl}}
{{/orderPageUrl}}

Sorularınız için bize ulaşın: {{business.contact}}.

Saygılarımızla,
{{business.name}}`,
  },
  shipment_delivered: {
    subject: '{{orderNumber}} numaralı siparişiniz teslim edildi',
    body: `Sayın {{customerName}},

{{orderNumber}} numaralı siparişiniz teslim edildi{{#deliveredOn}} ({{deliveredOn}}){{/deliveredOn}}. Bizi tercih ettiğiniz için teşekkür ederiz.

Eksik ya da yanlış bir şey varsa lütfen bize ulaşın: {{business.contact}}.

Saygılarımızla,
{{business.name}}`,
  },
  work_item_handoff: {
    subject: '{{orderNumber}} numaralı sipariş için {{kindLower}}',
    body: `Merhaba {{partyName}},

{{orderNumber}} numaralı sipariş için size bir iş var: {{kindLower}}.
{{#dueDate}}Son tarih: {{dueDate}}.
{{/dueDate}}{{#expectedDate}}Siparişin {{expectedDate}} tarihine kadar tamamlanması bekleniyor.
{{/expectedDate}}
{{#attached}}{{attached}}
{{/attached}}
Kalemler:
{{#lines}}
- {{quantity}} × {{name}} ({{sku}})
{{#options}}
    {{label}}: {{value}}
{{/options}}
{{/lines}}

Sorularınız için: {{business.contact}}

Saygılarımızla,
{{business.name}}`,
  },
  work_item_cancelled: {
    subject: 'İptal: {{orderNumber}} numaralı sipariş için {{kindLower}}',
    body: `Merhaba {{partyName}},

{{orderNumber}} numaralı sipariş iptal edildi; bu nedenle {{kindLower}} da iptal edildi: lütfen devam etmeyin.
{{#reason}}Neden: {{reason}}
{{/reason}}
Sorularınız için: {{business.contact}}

Saygılarımızla,
{{business.name}}`,
  },
  complete_order: {
    subject: '{{business.name}} siparişiniz: birkaç yanıt eksik',
    body: `Sayın {{customerName}},

Siparişiniz için teşekkür ederiz. Siparişinizi alabilmemiz için sizden birkaç yanıt daha gerekiyor:

{{#lines}}
{{name}}{{#quantity}} ({{quantity}}){{/quantity}}:
{{#missing}}
- {{label}}
{{/missing}}
{{/lines}}
{{#completeUrl}}

Lütfen bunları buradan verin (sayfa yalnızca eksik olanları gösterir; bağlantı {{validDays}} gün geçerlidir):
{{completeUrl}}
{{/completeUrl}}
{{^completeUrl}}

Lütfen bu e-postayı yanıtlayarak ya da bizi arayarak bildirin.
{{/completeUrl}}

Yanıtladığınız anda siparişiniz verilir ve size onaylarız.

Sorularınız için bize ulaşın: {{business.contact}}.

Saygılarımızla,
{{business.name}}`,
  },
  complete_order_reminder: {
    subject: 'Hatırlatma: {{business.name}} siparişiniz yanıtlarınızı bekliyor',
    body: `Sayın {{customerName}},

Siparişiniz henüz verilmedi: sizden hâlâ şu yanıtlar gerekiyor:

{{#lines}}
{{name}}{{#quantity}} ({{quantity}}){{/quantity}}:
{{#missing}}
- {{label}}
{{/missing}}
{{/lines}}
{{#completeUrl}}

Bunları buradan verebilirsiniz (bağlantı {{validDays}} gün geçerlidir):
{{completeUrl}}
{{/completeUrl}}
{{^completeUrl}}

Lütfen bu e-postayı yanıtlayarak ya da bizi arayarak bildirin.
{{/completeUrl}}

Sorularınız için bize ulaşın: {{business.contact}}.

Saygılarımızla,
{{business.name}}`,
  },
  quote_sent: {
    subject: '{{business.name}} teklifiniz: {{quoteNumber}}',
    body: `Sayın {{customerName}},

İlginiz için teşekkür ederiz. {{quoteNumber}} numaralı teklifimiz:

{{#lines}}
- {{quantity}} × {{name}}{{#options}}, {{label}}: {{value}}{{/options}} — {{total}}
{{/lines}}

{{#delivery}}
Teslimat: {{delivery}}
{{/delivery}}
Vergi: {{tax}}
Toplam: {{total}}

Teklif {{validUntil}} tarihine kadar geçerlidir. PDF olarak ektedir.
{{#quotePageUrl}}

Kabul etmek için bu sayfayı açıp "Teklifi kabul et" düğmesine basın: teklifi tam bu satırlar ve fiyatlarla siparişiniz olarak alırız.
{{quotePageUrl}}
{{/quotePageUrl}}
{{^quotePageUrl}}

Kabul etmek için bu e-postayı yanıtlayın ya da bize ulaşın: {{business.contact}}.
{{/quotePageUrl}}

Sorularınız için: {{business.contact}}.

Saygılarımızla,
{{business.name}}`,
  },
  inquiry_answer: {
    subject: '{{business.name}} sorunuzu yanıtladı',
    body: `Sayın {{customerName}},

{{#hasProducts}}{{productNames}} hakkındaki {{/hasProducts}}sorunuz için teşekkür ederiz.

{{answer}}

Saygılarımızla,
{{sender}}
{{business.name}} · {{business.contact}}

Sorunuz:
{{question}}`,
  },
  feedback_request: {
    subject: '{{orderNumber}} numaralı siparişiniz nasıldı?',
    body: `Sayın {{customerName}},

{{orderNumber}} numaralı siparişiniz kısa süre önce teslim edildi. Nasıldı? Bir dakikanızı alır: bir puan, bir soru ve yorumunuz için bir alan.
{{#surveyUrl}}

{{surveyUrl}}
{{/surveyUrl}}
{{^surveyUrl}}

Bu e-postayı yanıtlayın ya da bize ulaşın: {{business.contact}}.
{{/surveyUrl}}

Teşekkür ederiz,
{{business.name}}
{{#optOutUrl}}

Bana bir daha değerlendirme isteği gönderme: {{optOutUrl}}
{{/optOutUrl}}`,
  },
};

export const DEFAULT_TEMPLATES: Record<Language, Record<TemplateName, TemplateSource>> = { en, tr };
