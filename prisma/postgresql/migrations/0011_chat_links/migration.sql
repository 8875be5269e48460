-- The Wechaty bot's desk side (issue 15): the groups the bot is in and the unit each is bound to, cadres' own WeChat
-- linked by a one-time code (only its hash kept), and the unit a message named, so a ticket opened from a bound group goes there.
-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "hintedUnitId" TEXT;

-- CreateTable
CREATE TABLE "ChatGroup" (
    "id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "topic" TEXT NOT NULL DEFAULT '',
    "orgUnitId" TEXT,
    "boundById" TEXT,
    "boundAt" TIMESTAMP(3),
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CadreChatLink" (
    "id" TEXT NOT NULL,
    "cadreId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "boundAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CadreChatLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CadreBindCode" (
    "id" TEXT NOT NULL,
    "cadreId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "CadreBindCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChatGroup_orgUnitId_idx" ON "ChatGroup"("orgUnitId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatGroup_channel_groupId_key" ON "ChatGroup"("channel", "groupId");

-- CreateIndex
CREATE UNIQUE INDEX "CadreChatLink_cadreId_channel_key" ON "CadreChatLink"("cadreId", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "CadreChatLink_channel_contactId_key" ON "CadreChatLink"("channel", "contactId");

-- CreateIndex
CREATE UNIQUE INDEX "CadreBindCode_codeHash_key" ON "CadreBindCode"("codeHash");

-- CreateIndex
CREATE INDEX "CadreBindCode_cadreId_idx" ON "CadreBindCode"("cadreId");

-- AddForeignKey
ALTER TABLE "ChatGroup" ADD CONSTRAINT "ChatGroup_orgUnitId_fkey" FOREIGN KEY ("orgUnitId") REFERENCES "OrgUnit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatGroup" ADD CONSTRAINT "ChatGroup_boundById_fkey" FOREIGN KEY ("boundById") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CadreChatLink" ADD CONSTRAINT "CadreChatLink_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CadreBindCode" ADD CONSTRAINT "CadreBindCode_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre"("id") ON DELETE CASCADE ON UPDATE CASCADE;
