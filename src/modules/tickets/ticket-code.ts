// A ticket's code is what its QR carries and what door staff type when a phone screen will not scan:
// 128 bits from the operating system's cryptographic generator, written as 32 hexadecimal digits in
// capitals. Capitals and digits fit the QR "alphanumeric" mode (a smaller, easier-to-scan code), and
// 2^128 possibilities cannot be guessed or walked through like a sequence number.
import { randomBytes } from 'node:crypto';

export const TICKET_CODE_BYTES = 16;
export const ticketCodePattern = /^[0-9A-F]{32}$/;

export const newTicketCode = () => randomBytes(TICKET_CODE_BYTES).toString('hex').toUpperCase();

/** A code as typed at the door: spaces and dashes (the printed grouping) dropped, any case accepted. */
export const normalizeTicketCode = (typed: string) => typed.replace(/[\s-]/g, '').toUpperCase();

/** "3F2A 9C01 …": the code in groups of four, for printing and reading aloud. */
export const groupTicketCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1 ');
