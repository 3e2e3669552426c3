-- CreateTable
CREATE TABLE "WaitingRoom" (
    "showtimeId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "admitPerMinute" INTEGER NOT NULL,
    "maxActive" INTEGER,
    "seed" TEXT NOT NULL,
    "seedHash" TEXT NOT NULL,
    "drawnAt" TIMESTAMP(3),
    "budget" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "lastTickAt" TIMESTAMP(3),
    "nextOrder" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WaitingRoom_pkey" PRIMARY KEY ("showtimeId")
);

-- CreateTable
CREATE TABLE "QueueTicket" (
    "id" TEXT NOT NULL,
    "showtimeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "activeKey" TEXT,
    "joinedAt" TIMESTAMP(3) NOT NULL,
    "early" BOOLEAN NOT NULL,
    "queueOrder" INTEGER,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "admittedAt" TIMESTAMP(3),
    "admittedUntil" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "QueueTicket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueLogRecord" (
    "showtimeId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "QueueLogRecord_pkey" PRIMARY KEY ("showtimeId","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "QueueTicket_activeKey_key" ON "QueueTicket"("activeKey");

-- CreateIndex
CREATE INDEX "QueueTicket_showtimeId_status_idx" ON "QueueTicket"("showtimeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "QueueTicket_showtimeId_queueOrder_key" ON "QueueTicket"("showtimeId", "queueOrder");

