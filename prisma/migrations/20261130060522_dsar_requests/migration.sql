-- CreateEnum
CREATE TYPE "DsarKind" AS ENUM ('export', 'erase');

-- CreateEnum
CREATE TYPE "DsarStatus" AS ENUM ('pending', 'approved', 'denied', 'fulfilled', 'failed');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'compliance';

-- CreateTable
CREATE TABLE "dsar_requests" (
    "id" TEXT NOT NULL,
    "kind" "DsarKind" NOT NULL,
    "status" "DsarStatus" NOT NULL DEFAULT 'pending',
    "subject_pseudonym" TEXT NOT NULL,
    "subject_label" TEXT NOT NULL,
    "regime" TEXT NOT NULL,
    "requester_slack_id" TEXT NOT NULL,
    "verified_by_slack_id" TEXT NOT NULL,
    "verification_method" TEXT NOT NULL,
    "verification_note" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline_at" TIMESTAMP(3) NOT NULL,
    "decided_by_slack_id" TEXT,
    "decided_at" TIMESTAMP(3),
    "denial_reason" TEXT,
    "fulfilled_at" TIMESTAMP(3),

    CONSTRAINT "dsar_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dsar_approvals" (
    "request_id" TEXT NOT NULL,
    "approver_slack_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dsar_approvals_pkey" PRIMARY KEY ("request_id","approver_slack_id")
);

-- CreateTable
CREATE TABLE "dsar_packages" (
    "id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "chunk_set" TEXT NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "kek_id" TEXT NOT NULL,
    "kek_version" INTEGER NOT NULL,
    "chunk_count" INTEGER NOT NULL,
    "byte_count" BIGINT NOT NULL,
    "manifest" JSONB NOT NULL,
    "completed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dsar_packages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dsar_package_chunks" (
    "chunk_set" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "iv" BYTEA NOT NULL,
    "auth_tag" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,

    CONSTRAINT "dsar_package_chunks_pkey" PRIMARY KEY ("chunk_set","seq")
);

-- CreateTable
CREATE TABLE "dsar_download_links" (
    "id" TEXT NOT NULL,
    "package_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dsar_download_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dsar_requests_status_deadline_at_idx" ON "dsar_requests"("status", "deadline_at");

-- CreateIndex
CREATE UNIQUE INDEX "dsar_packages_request_id_key" ON "dsar_packages"("request_id");

-- CreateIndex
CREATE UNIQUE INDEX "dsar_download_links_token_hash_key" ON "dsar_download_links"("token_hash");

-- CreateIndex
CREATE INDEX "dsar_download_links_package_id_idx" ON "dsar_download_links"("package_id");

-- AddForeignKey
ALTER TABLE "dsar_approvals" ADD CONSTRAINT "dsar_approvals_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "dsar_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

