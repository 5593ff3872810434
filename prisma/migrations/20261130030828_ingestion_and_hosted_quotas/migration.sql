-- CreateEnum
CREATE TYPE "IngestMethod" AS ENUM ('text', 'ocr', 'pdf_text', 'vision', 'transcription');

-- CreateEnum
CREATE TYPE "KeyPayer" AS ENUM ('org', 'hosted');

-- CreateEnum
CREATE TYPE "QuotaFeature" AS ENUM ('image_recognition', 'media_transcription');

-- CreateEnum
CREATE TYPE "ReservationState" AS ENUM ('reserved', 'committed', 'released', 'expired');

-- CreateTable
CREATE TABLE "knowledge_chunks" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "ingestion_id" TEXT NOT NULL,
    "item_key" TEXT NOT NULL,
    "source_kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "source_ref" TEXT NOT NULL,
    "page" INTEGER,
    "seq" INTEGER NOT NULL,
    "method" "IngestMethod" NOT NULL,
    "paid_by" "KeyPayer",
    "text" TEXT NOT NULL,
    "chars" INTEGER NOT NULL,
    "uploaded_by_slack_id" TEXT NOT NULL,
    "requested_by_slack_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "knowledge_chunks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hosted_plan_limits" (
    "plan" TEXT NOT NULL,
    "feature" "QuotaFeature" NOT NULL,
    "monthly_limit" INTEGER NOT NULL,

    CONSTRAINT "hosted_plan_limits_pkey" PRIMARY KEY ("plan","feature")
);

-- CreateTable
CREATE TABLE "hosted_quotas" (
    "org_id" TEXT NOT NULL,
    "feature" "QuotaFeature" NOT NULL,
    "plan" TEXT NOT NULL,
    "monthly_limit" INTEGER NOT NULL,
    "updated_by_slack_id" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hosted_quotas_pkey" PRIMARY KEY ("org_id","feature")
);

-- CreateTable
CREATE TABLE "hosted_usage" (
    "org_id" TEXT NOT NULL,
    "feature" "QuotaFeature" NOT NULL,
    "period" TEXT NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "hosted_usage_pkey" PRIMARY KEY ("org_id","feature","period")
);

-- CreateTable
CREATE TABLE "quota_reservations" (
    "idempotency_key" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "feature" "QuotaFeature" NOT NULL,
    "period" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "state" "ReservationState" NOT NULL,
    "actor_slack_id" TEXT NOT NULL,
    "item_key" TEXT NOT NULL,
    "reserved_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "settled_at" TIMESTAMP(3),

    CONSTRAINT "quota_reservations_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE INDEX "knowledge_chunks_uploaded_by_slack_id_idx" ON "knowledge_chunks"("uploaded_by_slack_id");

-- CreateIndex
CREATE INDEX "knowledge_chunks_requested_by_slack_id_idx" ON "knowledge_chunks"("requested_by_slack_id");

-- CreateIndex
CREATE INDEX "knowledge_chunks_ingestion_id_idx" ON "knowledge_chunks"("ingestion_id");

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_chunks_item_key_method_seq_key" ON "knowledge_chunks"("item_key", "method", "seq");

-- CreateIndex
CREATE INDEX "quota_reservations_state_expires_at_idx" ON "quota_reservations"("state", "expires_at");

-- CreateIndex
CREATE INDEX "quota_reservations_org_id_feature_period_state_idx" ON "quota_reservations"("org_id", "feature", "period", "state");

