-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "employerId" TEXT;

-- CreateTable
CREATE TABLE "Employer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "creditCode" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "approvedBy" TEXT,
    "approvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Employer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobPosting" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "employerName" TEXT NOT NULL,
    "employerId" TEXT,
    "trade" TEXT NOT NULL,
    "terms" TEXT NOT NULL DEFAULT '',
    "regionCode" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "payMin" INTEGER,
    "payMax" INTEGER,
    "headcount" INTEGER NOT NULL,
    "requirements" TEXT NOT NULL DEFAULT '',
    "contact" TEXT NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "unitId" TEXT NOT NULL,
    "createdBy" TEXT,
    "publishedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closeNote" TEXT,
    "fanoutPage" INTEGER NOT NULL DEFAULT 0,
    "fanoutCursor" TEXT,
    "fanoutDoneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobPosting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobSubscription" (
    "id" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "keywords" TEXT NOT NULL,
    "anyTrade" BOOLEAN NOT NULL DEFAULT false,
    "regionCode" TEXT,
    "payFloor" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "JobSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobSubscriptionTerm" (
    "subscriptionId" TEXT NOT NULL,
    "term" TEXT NOT NULL,

    CONSTRAINT "JobSubscriptionTerm_pkey" PRIMARY KEY ("subscriptionId","term")
);

-- CreateTable
CREATE TABLE "JobPush" (
    "postingId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "batch" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "via" TEXT,
    "deliveryId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "JobPush_pkey" PRIMARY KEY ("postingId","workerId")
);

-- CreateIndex
CREATE INDEX "Employer_unitId_status_idx" ON "Employer"("unitId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "JobPosting_number_key" ON "JobPosting"("number");

-- CreateIndex
CREATE INDEX "JobPosting_status_validUntil_idx" ON "JobPosting"("status", "validUntil");

-- CreateIndex
CREATE INDEX "JobPosting_unitId_status_idx" ON "JobPosting"("unitId", "status");

-- CreateIndex
CREATE INDEX "JobPosting_employerId_idx" ON "JobPosting"("employerId");

-- CreateIndex
CREATE INDEX "JobSubscription_workerId_endedAt_idx" ON "JobSubscription"("workerId", "endedAt");

-- CreateIndex
CREATE INDEX "JobSubscription_endedAt_anyTrade_idx" ON "JobSubscription"("endedAt", "anyTrade");

-- CreateIndex
CREATE INDEX "JobSubscriptionTerm_term_idx" ON "JobSubscriptionTerm"("term");

-- CreateIndex
CREATE INDEX "JobPush_postingId_batch_status_idx" ON "JobPush"("postingId", "batch", "status");

-- CreateIndex
CREATE INDEX "JobPush_workerId_channel_status_idx" ON "JobPush"("workerId", "channel", "status");

-- CreateIndex
CREATE INDEX "JobPush_status_updatedAt_idx" ON "JobPush"("status", "updatedAt");

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employer" ADD CONSTRAINT "Employer_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "OrgUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobPosting" ADD CONSTRAINT "JobPosting_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobPosting" ADD CONSTRAINT "JobPosting_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "OrgUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobSubscription" ADD CONSTRAINT "JobSubscription_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobSubscriptionTerm" ADD CONSTRAINT "JobSubscriptionTerm_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "JobSubscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobPush" ADD CONSTRAINT "JobPush_postingId_fkey" FOREIGN KEY ("postingId") REFERENCES "JobPosting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
