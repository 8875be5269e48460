-- Conversations: what the desk asked a worker last, the facts gathered on a ticket, the worker's privacy notice and consent, the answer given to a message that opened no ticket, erasure requests.
-- AlterTable
ALTER TABLE "Message" ADD COLUMN "answer" TEXT;

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "facts" TEXT;

-- AlterTable
ALTER TABLE "Worker" ADD COLUMN "noticeShownAt" DATETIME;
ALTER TABLE "Worker" ADD COLUMN "sensitiveConsent" TEXT;
ALTER TABLE "Worker" ADD COLUMN "sensitiveConsentAt" DATETIME;

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workerId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "awaiting" TEXT,
    "asked" TEXT,
    "ticketId" TEXT,
    "category" TEXT,
    "askedAt" DATETIME,
    "skipped" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ErasureRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workerId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "completedAt" DATETIME,
    "completedBy" TEXT,
    "note" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_workerId_channel_key" ON "Conversation"("workerId", "channel");

-- CreateIndex
CREATE INDEX "ErasureRequest_status_dueAt_idx" ON "ErasureRequest"("status", "dueAt");

-- CreateIndex
CREATE INDEX "ErasureRequest_unitId_status_idx" ON "ErasureRequest"("unitId", "status");
