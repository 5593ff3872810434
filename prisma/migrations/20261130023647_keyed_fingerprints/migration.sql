-- AlterTable
ALTER TABLE "provider_keys" ADD COLUMN     "fingerprint_version" INTEGER,
ADD COLUMN     "key_binding" TEXT;

