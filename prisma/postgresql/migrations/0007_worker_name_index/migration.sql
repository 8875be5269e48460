-- A keyed blind index of the worker's name, so a cadre finds a worker by full name; names given before this migration are found once the worker writes again with their name.
-- AlterTable
ALTER TABLE "Worker" ADD COLUMN     "nameHash" TEXT;

-- CreateIndex
CREATE INDEX "Worker_nameHash_idx" ON "Worker"("nameHash");
