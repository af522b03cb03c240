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
CREATE UNIQUE INDEX "mail_messages_once_key" ON "mail_messages" USING btree ("order_id","template") WHERE "mail_messages"."template" in ('order_received') and "mail_messages"."resend_of" is null;