-- CreateEnum
CREATE TYPE "BreakGlassStatus" AS ENUM ('pending', 'active', 'lifted', 'cancelled');

-- CreateTable
CREATE TABLE "break_glass" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "status" "BreakGlassStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_by_slack_id" TEXT NOT NULL,
    "confirmed_by_slack_id" TEXT,
    "request_id" TEXT NOT NULL,
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),
    "ended_by_slack_id" TEXT,

    CONSTRAINT "break_glass_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "break_glass_request_id_key" ON "break_glass"("request_id");

-- CreateIndex
CREATE INDEX "break_glass_status_scope_idx" ON "break_glass"("status", "scope");

