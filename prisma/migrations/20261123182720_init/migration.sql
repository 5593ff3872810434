-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('openai', 'anthropic', 'gemini', 'openai_compatible');

-- CreateEnum
CREATE TYPE "KeyEnvironment" AS ENUM ('production', 'staging');

-- CreateEnum
CREATE TYPE "KeyStatus" AS ENUM ('pending', 'active', 'retiring', 'revoked', 'failed', 'compromised');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'builder', 'analyst', 'support_lead');

-- CreateEnum
CREATE TYPE "GrantStatus" AS ENUM ('requested', 'approved', 'denied', 'expired', 'revoked');

-- CreateTable
CREATE TABLE "sealed_secrets" (
    "id" TEXT NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "iv" BYTEA NOT NULL,
    "auth_tag" BYTEA NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "kek_id" TEXT NOT NULL,
    "kek_version" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rewrapped_at" TIMESTAMP(3),

    CONSTRAINT "sealed_secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_keys" (
    "id" TEXT NOT NULL,
    "provider" "Provider" NOT NULL,
    "environment" "KeyEnvironment" NOT NULL,
    "status" "KeyStatus" NOT NULL DEFAULT 'pending',
    "base_url" TEXT,
    "fingerprint" TEXT NOT NULL,
    "masked_key" TEXT NOT NULL,
    "sealed_secret_id" TEXT NOT NULL,
    "owner_team" TEXT,
    "note" TEXT,
    "added_by_slack_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMP(3),
    "retiring_at" TIMESTAMP(3),
    "revoke_after" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "failure_reason" TEXT,
    "replaced_key_id" TEXT,
    "last_checked_at" TIMESTAMP(3),
    "last_check_outcome" TEXT,
    "last_check_latency_ms" INTEGER,

    CONSTRAINT "provider_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "key_slots" (
    "provider" "Provider" NOT NULL,
    "environment" "KeyEnvironment" NOT NULL,
    "active_key_id" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "key_slots_pkey" PRIMARY KEY ("provider","environment")
);

-- CreateTable
CREATE TABLE "provider_policies" (
    "provider" "Provider" NOT NULL,
    "byok_only" BOOLEAN NOT NULL DEFAULT false,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provider_policies_pkey" PRIMARY KEY ("provider")
);

-- CreateTable
CREATE TABLE "members" (
    "id" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "contractor" BOOLEAN NOT NULL DEFAULT false,
    "utility_account" BOOLEAN NOT NULL DEFAULT false,
    "manager_id" TEXT,
    "last_active_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_grants" (
    "id" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "status" "GrantStatus" NOT NULL,
    "granted_by_slack_id" TEXT NOT NULL,
    "approved_by_slack_id" TEXT,
    "reason" TEXT NOT NULL,
    "starts_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3),
    "request_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "role_grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "seq" BIGSERIAL NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "outcome" TEXT NOT NULL,
    "workflow_id" TEXT,
    "request_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "sealed_secrets_kek_id_kek_version_idx" ON "sealed_secrets"("kek_id", "kek_version");

-- CreateIndex
CREATE UNIQUE INDEX "provider_keys_sealed_secret_id_key" ON "provider_keys"("sealed_secret_id");

-- CreateIndex
CREATE UNIQUE INDEX "provider_keys_request_id_key" ON "provider_keys"("request_id");

-- CreateIndex
CREATE INDEX "provider_keys_provider_environment_status_idx" ON "provider_keys"("provider", "environment", "status");

-- CreateIndex
CREATE UNIQUE INDEX "key_slots_active_key_id_key" ON "key_slots"("active_key_id");

-- CreateIndex
CREATE UNIQUE INDEX "members_slack_user_id_key" ON "members"("slack_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "members_email_key" ON "members"("email");

-- CreateIndex
CREATE UNIQUE INDEX "role_grants_request_id_key" ON "role_grants"("request_id");

-- CreateIndex
CREATE INDEX "role_grants_member_id_status_idx" ON "role_grants"("member_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_idempotency_key_key" ON "audit_events"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_prev_hash_key" ON "audit_events"("prev_hash");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_hash_key" ON "audit_events"("hash");

-- CreateIndex
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at");

-- CreateIndex
CREATE INDEX "audit_events_target_idx" ON "audit_events"("target");

-- AddForeignKey
ALTER TABLE "provider_keys" ADD CONSTRAINT "provider_keys_sealed_secret_id_fkey" FOREIGN KEY ("sealed_secret_id") REFERENCES "sealed_secrets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "key_slots" ADD CONSTRAINT "key_slots_active_key_id_fkey" FOREIGN KEY ("active_key_id") REFERENCES "provider_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

