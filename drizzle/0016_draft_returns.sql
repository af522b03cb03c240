CREATE TABLE "draft_returns" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"sent_to" text NOT NULL,
	"missing" jsonb NOT NULL,
	"sent_by" jsonb NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"reminder_due_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "draft_returns" ADD CONSTRAINT "draft_returns_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "draft_returns_waiting_idx" ON "draft_returns" USING btree ("sent_at") WHERE "draft_returns"."completed_at" is null;