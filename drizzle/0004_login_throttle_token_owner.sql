CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"attempts" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "user_id" uuid;--> statement-breakpoint
CREATE INDEX "login_throttle_window_idx" ON "login_throttle" USING btree ("window_started_at");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";--> statement-breakpoint
-- Existing tokens: bound to the user who made them, or to the user behind the token that made them.
WITH RECURSIVE "bound"("id", "user_id") AS (
	SELECT "id", ("created_by"->>'id')::uuid FROM "api_tokens" WHERE "created_by"->>'kind' = 'user'
	UNION
	SELECT "t"."id", "b"."user_id" FROM "api_tokens" "t" JOIN "bound" "b" ON "t"."created_by"->>'kind' = 'token' AND "t"."created_by"->>'id' = "b"."id"::text
)
UPDATE "api_tokens" SET "user_id" = "bound"."user_id" FROM "bound" WHERE "api_tokens"."id" = "bound"."id";
