-- The data key's check value, written once beside the data it sealed: a desk started with another key refuses to start.
-- CreateTable
CREATE TABLE "KeyCheck" (
    "id" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KeyCheck_pkey" PRIMARY KEY ("id")
);
