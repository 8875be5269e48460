-- Conversations: what the desk asked a worker last, the facts gathered on a ticket, the worker's privacy notice and consent, the answer given to a message that opened no ticket, erasure requests.
-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "answer" TEXT;

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "facts" TEXT;

-- AlterTable
ALTER TABLE "Worker" ADD COLUMN     "noticeShownAt" TIMESTAMP(3),
ADD COLUMN     "sensitiveConsent" TEXT,
ADD COLUMN     "sensitiveConsentAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "awaiting" TEXT,
    "asked" TEXT,
    "ticketId" TEXT,
    "category" TEXT,
    "askedAt" TIMESTAMP(3),
    "skipped" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ErasureRequest" (
    "id" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "completedAt" TIMESTAMP(3),
    "completedBy" TEXT,
    "note" TEXT,

    CONSTRAINT "ErasureRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_workerId_channel_key" ON "Conversation"("workerId", "channel");

-- CreateIndex
CREATE INDEX "ErasureRequest_status_dueAt_idx" ON "ErasureRequest"("status", "dueAt");

-- CreateIndex
CREATE INDEX "ErasureRequest_unitId_status_idx" ON "ErasureRequest"("unitId", "status");
