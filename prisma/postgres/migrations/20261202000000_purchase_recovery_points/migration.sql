-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "chargeId" TEXT;

-- AlterTable
ALTER TABLE "IdempotencyRecord" ADD COLUMN     "chargeId" TEXT,
ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "ownerBoot" TEXT,
ADD COLUMN     "ownerInstance" TEXT,
ADD COLUMN     "recoveryPoint" TEXT NOT NULL DEFAULT 'started';

-- CreateTable
CREATE TABLE "FakePaymentCharge" (
    "idempotencyKey" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "refundedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FakePaymentCharge_pkey" PRIMARY KEY ("idempotencyKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "FakePaymentCharge_chargeId_key" ON "FakePaymentCharge"("chargeId");

