CREATE TABLE "storefront_orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"client_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "suggested_customer_id" uuid;--> statement-breakpoint
ALTER TABLE "storefront_orders" ADD CONSTRAINT "storefront_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "storefront_orders_client_idx" ON "storefront_orders" USING btree ("client_key","created_at");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_suggested_customer_id_customers_id_fk" FOREIGN KEY ("suggested_customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_messages_recipient_idx" ON "mail_messages" USING btree (lower("to_address"),"template","created_at");--> statement-breakpoint
CREATE INDEX "orders_web_unconfirmed_idx" ON "orders" USING btree ("placed_at","id") WHERE "orders"."channel" = 'web' and "orders"."status" in ('placed', 'verified');