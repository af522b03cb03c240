CREATE TABLE "parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"lead_time_days" integer DEFAULT 0 NOT NULL,
	"webhook_url" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parties_lead_time_nonneg" CHECK ("parties"."lead_time_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "work_item_lines" (
	"work_item_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "work_item_lines_work_item_id_order_line_id_pk" PRIMARY KEY("work_item_id","order_line_id")
);
--> statement-breakpoint
CREATE TABLE "work_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"party_id" uuid,
	"kind" text NOT NULL,
	"state" text DEFAULT 'todo' NOT NULL,
	"blocked_reason" text,
	"assignee_user_id" uuid,
	"due_date" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_items_blocked_has_reason" CHECK ("work_items"."state" <> 'blocked' or "work_items"."blocked_reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "party_id" uuid;--> statement-breakpoint
ALTER TABLE "work_item_lines" ADD CONSTRAINT "work_item_lines_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_item_lines" ADD CONSTRAINT "work_item_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "parties_built_in_key" ON "parties" USING btree ("kind") WHERE "parties"."kind" in ('warehouse', 'accounts');--> statement-breakpoint
CREATE INDEX "parties_kind_name_idx" ON "parties" USING btree ("kind","name");--> statement-breakpoint
CREATE INDEX "work_item_lines_line_idx" ON "work_item_lines" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "work_items_order_idx" ON "work_items" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "work_items_queue_idx" ON "work_items" USING btree ("party_id","state","due_date");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The built-in parties: every database has a warehouse and accounts receivable from the start.
INSERT INTO "parties" ("kind", "name") VALUES ('warehouse', 'Warehouse'), ('accounts', 'Accounts receivable') ON CONFLICT DO NOTHING;
