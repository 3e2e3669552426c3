-- Programme management (docs/operations.md): a showtime can be cancelled, and a booking says why the
-- theater cancelled it.
-- AlterTable
ALTER TABLE "Showtime" ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'scheduled',
ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "cancelReason" TEXT;

-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "cancelReason" TEXT;
