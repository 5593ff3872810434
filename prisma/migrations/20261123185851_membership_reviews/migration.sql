-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('open', 'closed');

-- CreateTable
CREATE TABLE "reviews" (
    "id" TEXT NOT NULL,
    "status" "ReviewStatus" NOT NULL,
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),
    "member_count" INTEGER NOT NULL DEFAULT 0,
    "item_count" INTEGER NOT NULL DEFAULT 0,
    "evidence_csv" TEXT,
    "evidence_json" TEXT,
    "evidence_sha256" TEXT,
    "audit_head_hash" TEXT,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_items" (
    "id" TEXT NOT NULL,
    "review_id" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "member_slack_id" TEXT NOT NULL,
    "member_email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "contractor" BOOLEAN NOT NULL,
    "inactive" BOOLEAN NOT NULL,
    "reviewer_slack_id" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "decision" TEXT,
    "new_role" "Role",
    "decided_by_slack_id" TEXT,
    "decided_at" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "review_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_items_review_id_reviewer_slack_id_priority_idx" ON "review_items"("review_id", "reviewer_slack_id", "priority");

-- CreateIndex
CREATE INDEX "review_items_review_id_decision_idx" ON "review_items"("review_id", "decision");

-- CreateIndex
CREATE UNIQUE INDEX "review_items_review_id_grant_id_key" ON "review_items"("review_id", "grant_id");

-- AddForeignKey
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_review_id_fkey" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

