-- CreateTable
CREATE TABLE "WaitingRoom" (
    "showtimeId" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL,
    "opensAt" DATETIME NOT NULL,
    "admitPerMinute" INTEGER NOT NULL,
    "maxActive" INTEGER,
    "seed" TEXT NOT NULL,
    "seedHash" TEXT NOT NULL,
    "drawnAt" DATETIME,
    "budget" REAL NOT NULL DEFAULT 0,
    "lastTickAt" DATETIME,
    "nextOrder" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "QueueTicket" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "showtimeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "activeKey" TEXT,
    "joinedAt" DATETIME NOT NULL,
    "early" BOOLEAN NOT NULL,
    "queueOrder" INTEGER,
    "lastSeenAt" DATETIME NOT NULL,
    "admittedAt" DATETIME,
    "admittedUntil" DATETIME,
    "endedAt" DATETIME
);

-- CreateTable
CREATE TABLE "QueueLogRecord" (
    "showtimeId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    PRIMARY KEY ("showtimeId", "seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "QueueTicket_activeKey_key" ON "QueueTicket"("activeKey");

-- CreateIndex
CREATE INDEX "QueueTicket_showtimeId_status_idx" ON "QueueTicket"("showtimeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "QueueTicket_showtimeId_queueOrder_key" ON "QueueTicket"("showtimeId", "queueOrder");

