-- AlterTable
ALTER TABLE "Booking" ADD COLUMN "chargeId" TEXT;

-- CreateTable
CREATE TABLE "FakePaymentCharge" (
    "idempotencyKey" TEXT NOT NULL PRIMARY KEY,
    "chargeId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "refundedAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IdempotencyRecord" (
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "recoveryPoint" TEXT NOT NULL DEFAULT 'started',
    "chargeId" TEXT,
    "ownerInstance" TEXT,
    "ownerBoot" TEXT,
    "leaseExpiresAt" DATETIME,
    "responseStatus" INTEGER,
    "responseBody" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "key")
);
INSERT INTO "new_IdempotencyRecord" ("createdAt", "expiresAt", "key", "requestHash", "responseBody", "responseStatus", "state", "userId") SELECT "createdAt", "expiresAt", "key", "requestHash", "responseBody", "responseStatus", "state", "userId" FROM "IdempotencyRecord";
DROP TABLE "IdempotencyRecord";
ALTER TABLE "new_IdempotencyRecord" RENAME TO "IdempotencyRecord";
CREATE INDEX "IdempotencyRecord_expiresAt_idx" ON "IdempotencyRecord"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "FakePaymentCharge_chargeId_key" ON "FakePaymentCharge"("chargeId");

