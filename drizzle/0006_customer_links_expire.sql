-- Every customer link expires now: order-page links used to live until revoked.
UPDATE "access_links" SET "expires_at" = "created_at" + interval '90 days' WHERE "expires_at" IS NULL;
--> statement-breakpoint
-- The mail log kept each message's link, token and all, in plain text: keep a slot instead
-- (the dispatcher makes a fresh link when it delivers a message).
UPDATE "mail_messages" SET "data" = jsonb_set("data", '{orderPagePath}', '"{{link:order_status}}"') WHERE "data"->>'orderPagePath' LIKE '/my-order/%';
--> statement-breakpoint
UPDATE "mail_messages" SET "data" = jsonb_set("data", '{verifyPath}', '"{{link:verify}}"') WHERE "data"->>'verifyPath' LIKE '/verify/%';
