-- AlterTable
ALTER TABLE "reviews" ADD COLUMN     "evidence_csv_sha256" TEXT;

-- CreateTable
CREATE TABLE "review_evidence_chunks" (
    "review_id" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "review_evidence_chunks_pkey" PRIMARY KEY ("review_id","format","seq")
);

-- AddForeignKey
ALTER TABLE "review_evidence_chunks" ADD CONSTRAINT "review_evidence_chunks_review_id_fkey" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

