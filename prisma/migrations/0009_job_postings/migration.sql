-- CreateTable
CREATE TABLE "Employer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "creditCode" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "approvedBy" TEXT,
    "approvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Employer_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "OrgUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobPosting" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "validUntil" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "unitId" TEXT NOT NULL,
    "createdBy" TEXT,
    "publishedAt" DATETIME,
    "closedAt" DATETIME,
    "closeNote" TEXT,
    "fanoutPage" INTEGER NOT NULL DEFAULT 0,
    "fanoutCursor" TEXT,
    "fanoutDoneAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "JobPosting_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "JobPosting_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "OrgUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workerId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "keywords" TEXT NOT NULL,
    "anyTrade" BOOLEAN NOT NULL DEFAULT false,
    "regionCode" TEXT,
    "payFloor" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    CONSTRAINT "JobSubscription_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobSubscriptionTerm" (
    "subscriptionId" TEXT NOT NULL,
    "term" TEXT NOT NULL,

    PRIMARY KEY ("subscriptionId", "term"),
    CONSTRAINT "JobSubscriptionTerm_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "JobSubscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "sentAt" DATETIME,

    PRIMARY KEY ("postingId", "workerId"),
    CONSTRAINT "JobPush_postingId_fkey" FOREIGN KEY ("postingId") REFERENCES "JobPosting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "login" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "cadreId" TEXT,
    "employerId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "passwordChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Account_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "OrgUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Account_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Account_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Account" ("active", "cadreId", "createdAt", "displayName", "id", "login", "passwordChangedAt", "passwordHash", "role", "unitId") SELECT "active", "cadreId", "createdAt", "displayName", "id", "login", "passwordChangedAt", "passwordHash", "role", "unitId" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_login_key" ON "Account"("login");
CREATE UNIQUE INDEX "Account_cadreId_key" ON "Account"("cadreId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
