-- CreateTable
CREATE TABLE "Ticket" (
    "id" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "showtimeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "seat" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "checkedInAt" TIMESTAMP(3),
    "checkedInBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_code_key" ON "Ticket"("code");

-- CreateIndex
CREATE INDEX "Ticket_showtimeId_idx" ON "Ticket"("showtimeId");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_bookingId_seat_key" ON "Ticket"("bookingId", "seat");


-- Bookings confirmed before tickets existed get theirs now: one per seat, a random code of 32 hex
-- digits (the form the service writes; gen_random_uuid is cryptographically random), so no confirmed
-- booking lacks tickets.
INSERT INTO "Ticket" ("id", "bookingId", "showtimeId", "userId", "seat", "code", "createdAt")
SELECT gen_random_uuid()::text, b."id", b."showtimeId", b."userId", seat.value,
       upper(replace(gen_random_uuid()::text, '-', '')), b."createdAt"
FROM "Booking" b, json_array_elements_text(b."seats"::json) AS seat(value);
