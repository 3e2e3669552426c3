-- CreateTable
CREATE TABLE "Ticket" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bookingId" TEXT NOT NULL,
    "showtimeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "seat" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "checkedInAt" DATETIME,
    "checkedInBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_code_key" ON "Ticket"("code");

-- CreateIndex
CREATE INDEX "Ticket_showtimeId_idx" ON "Ticket"("showtimeId");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_bookingId_seat_key" ON "Ticket"("bookingId", "seat");


-- Bookings confirmed before tickets existed get theirs now: one per seat, a 128-bit random code
-- (32 hex digits, the same form the service writes), so no confirmed booking lacks tickets.
INSERT INTO "Ticket" ("id", "bookingId", "showtimeId", "userId", "seat", "code", "createdAt")
SELECT lower(hex(randomblob(16))), "Booking"."id", "Booking"."showtimeId", "Booking"."userId", seat.value, hex(randomblob(16)), "Booking"."createdAt"
FROM "Booking", json_each("Booking"."seats") AS seat;
