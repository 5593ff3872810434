-- AlterTable
ALTER TABLE "role_grants" ADD COLUMN     "decided_at" TIMESTAMP(3),
ADD COLUMN     "duration_seconds" INTEGER,
ADD COLUMN     "end_reason" TEXT,
ADD COLUMN     "ended_at" TIMESTAMP(3),
ADD COLUMN     "ended_by_slack_id" TEXT,
ADD COLUMN     "workflow_id" TEXT;

-- CreateTable
CREATE TABLE "grant_approvals" (
    "id" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "approver_slack_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "grant_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "grant_approvals_grant_id_approver_slack_id_key" ON "grant_approvals"("grant_id", "approver_slack_id");

-- AddForeignKey
ALTER TABLE "grant_approvals" ADD CONSTRAINT "grant_approvals_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "role_grants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

