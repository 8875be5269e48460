-- The data key's check value, written once beside the data it sealed: a desk started with another key refuses to start.
-- CreateTable
CREATE TABLE "KeyCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
