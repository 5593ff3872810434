-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'resolved', 'cancelled');

-- CreateTable
CREATE TABLE "incidents" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "provider" "Provider" NOT NULL,
    "environment" "KeyEnvironment" NOT NULL,
    "compromised_key_id" TEXT,
    "replacement_key_id" TEXT,
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "current_step" TEXT NOT NULL,
    "opened_by_slack_id" TEXT NOT NULL,
    "thread_channel" TEXT,
    "thread_ts" TEXT,
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "contained_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "closed_by_slack_id" TEXT,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "key_health_checks" (
    "id" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "key_health_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "key_alert_states" (
    "key_id" TEXT NOT NULL,
    "alerting" BOOLEAN NOT NULL DEFAULT false,
    "verdict" TEXT,
    "alerted_at" TIMESTAMP(3),
    "recovered_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "key_alert_states_pkey" PRIMARY KEY ("key_id")
);

-- CreateTable
CREATE TABLE "oncall_notices" (
    "notice_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key_id" TEXT,
    "sent_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "oncall_notices_pkey" PRIMARY KEY ("notice_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "incidents_workflow_id_key" ON "incidents"("workflow_id");

-- CreateIndex
CREATE INDEX "incidents_status_idx" ON "incidents"("status");

-- CreateIndex
CREATE INDEX "key_health_checks_key_id_at_idx" ON "key_health_checks"("key_id", "at");

