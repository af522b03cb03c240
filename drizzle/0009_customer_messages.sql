CREATE TABLE "mail_templates" (
	"template" text NOT NULL,
	"language" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_templates_template_language_pk" PRIMARY KEY("template","language")
);
--> statement-breakpoint
CREATE TABLE "order_risk_flags" (
	"order_id" uuid NOT NULL,
	"expected_date" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_risk_flags_order_id_expected_date_pk" PRIMARY KEY("order_id","expected_date")
);
--> statement-breakpoint
ALTER TABLE "order_risk_flags" ADD CONSTRAINT "order_risk_flags_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mail_messages_once_key" ON "mail_messages" USING btree ("order_id","template") WHERE "mail_messages"."template" in ('order_received') and "mail_messages"."resend_of" is null;