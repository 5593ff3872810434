-- CreateEnum
CREATE TYPE "LegalHoldScope" AS ENUM ('subject', 'conversation');

-- CreateTable
CREATE TABLE "legal_holds" (
    "id" TEXT NOT NULL,
    "scope" "LegalHoldScope" NOT NULL,
    "subject_pseudonym" TEXT,
    "pseudonyms" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "conversation_id" TEXT,
    "reason" TEXT NOT NULL,
    "placed_by_slack_id" TEXT NOT NULL,
    "placed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lifted_by_slack_id" TEXT,
    "lifted_at" TIMESTAMP(3),
    "lift_reason" TEXT,
    "request_id" TEXT NOT NULL,

    CONSTRAINT "legal_holds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "legal_holds_request_id_key" ON "legal_holds"("request_id");

-- CreateIndex
CREATE INDEX "legal_holds_subject_pseudonym_idx" ON "legal_holds"("subject_pseudonym");

-- CreateIndex
CREATE INDEX "legal_holds_conversation_id_idx" ON "legal_holds"("conversation_id");

-- CreateIndex
CREATE INDEX "legal_holds_lifted_at_idx" ON "legal_holds"("lifted_at");

