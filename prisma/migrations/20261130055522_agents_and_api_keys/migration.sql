-- CreateTable
CREATE TABLE "agents" (
    "name" TEXT NOT NULL,
    "environment" "KeyEnvironment" NOT NULL,
    "owner_team" TEXT NOT NULL,
    "team_contact" TEXT,
    "uses" JSONB NOT NULL,
    "key_policies" JSONB NOT NULL,
    "updated_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("name","environment")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "hash_version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "owner_slack_id" TEXT NOT NULL,
    "scopes" JSONB NOT NULL,
    "expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "revoked_by" TEXT,
    "replaces_id" TEXT,
    "overlap_ends_at" TIMESTAMP(3),
    "request_id" TEXT NOT NULL,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_request_id_key" ON "api_keys"("request_id");

-- CreateIndex
CREATE INDEX "api_keys_owner_slack_id_idx" ON "api_keys"("owner_slack_id");

