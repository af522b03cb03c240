CREATE TABLE "goods_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"supplier_party_id" uuid,
	"supplier_reference" text,
	"note" text DEFAULT '' NOT NULL,
	"received_by" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goods_receipts_quantity_positive" CHECK ("goods_receipts"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "shipment_lines" (
	"shipment_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "shipment_lines_shipment_id_order_line_id_pk" PRIMARY KEY("shipment_id","order_line_id"),
	CONSTRAINT "shipment_lines_quantity_positive" CHECK ("shipment_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"method" text NOT NULL,
	"carrier" text,
	"tracking_number" text,
	"tracking_url" text,
	"slot" text,
	"shipped_on" text NOT NULL,
	"expected_delivery_on" text,
	"delivered_on" text,
	"note" text DEFAULT '' NOT NULL,
	"shipped_by" jsonb NOT NULL,
	"delivered_by" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stock_levels" ADD COLUMN "reorder_level" integer;--> statement-breakpoint
ALTER TABLE "goods_receipts" ADD CONSTRAINT "goods_receipts_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goods_receipts_product_idx" ON "goods_receipts" USING btree ("product_id","received_at");--> statement-breakpoint
CREATE INDEX "shipment_lines_line_idx" ON "shipment_lines" USING btree ("order_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_order_number_key" ON "shipments" USING btree ("order_id","number");--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_reorder_level_nonneg" CHECK ("stock_levels"."reorder_level" is null or "stock_levels"."reorder_level" >= 0);--> statement-breakpoint
-- Stock levels can now be rebuilt from the movements: a product created with initial stock had no movement for it.
-- Each stock row whose on-hand differs from its movements gets one opening-balance adjustment, so the ledger adds up.
INSERT INTO "stock_movements" ("product_id", "kind", "quantity", "reason", "actor")
SELECT s."product_id", 'adjust', s."on_hand" - l."on_hand", 'opening balance (before the ledger was complete)', '{"kind":"system","name":"migration"}'::jsonb
  FROM "stock_levels" s
  JOIN (SELECT st."product_id",
               coalesce(sum(CASE m."kind" WHEN 'adjust' THEN m."quantity" WHEN 'receive' THEN m."quantity" WHEN 'consume' THEN -m."quantity" ELSE 0 END), 0) AS "on_hand"
          FROM "stock_levels" st LEFT JOIN "stock_movements" m ON m."product_id" = st."product_id"
         GROUP BY st."product_id") l ON l."product_id" = s."product_id"
 WHERE s."on_hand" <> l."on_hand";
