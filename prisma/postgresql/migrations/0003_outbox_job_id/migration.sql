-- Intake deletes each message's safety-net outbox row by its job id: index it, or that is a scan of the day's rows per message.
-- CreateIndex
CREATE INDEX "OutboxJob_jobId_idx" ON "OutboxJob"("jobId");
