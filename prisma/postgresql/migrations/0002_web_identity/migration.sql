-- Web identity by access code (a phone is not an identity): the ticket keeps the hash of its
-- access code, and a phone no longer identifies one worker, so its blind index is no longer unique.
-- DropIndex
DROP INDEX "Worker_phoneHash_key";

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "accessCodeHash" TEXT;

-- CreateIndex
CREATE INDEX "Worker_phoneHash_idx" ON "Worker"("phoneHash");
