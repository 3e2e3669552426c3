-- Programme management (docs/operations.md): a showtime can be cancelled, and a booking says why the
-- theater cancelled it.
-- AlterTable
ALTER TABLE "Showtime" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'scheduled';
ALTER TABLE "Showtime" ADD COLUMN "cancelledAt" DATETIME;
ALTER TABLE "Showtime" ADD COLUMN "cancelReason" TEXT;

-- AlterTable
ALTER TABLE "Booking" ADD COLUMN "cancelReason" TEXT;
