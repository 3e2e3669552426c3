-- CreateIndex
CREATE INDEX "Hold_showtimeId_status_expiresAt_idx" ON "Hold"("showtimeId", "status", "expiresAt");

