export { createTicketsService, type TicketsService } from './tickets.service';
export { ticketsRoutes } from './tickets.routes';
export { ticketViewSchema } from './tickets.schemas';
export { issueTickets, ticketsOfBookings, type TicketView } from './tickets.repository';
export { groupTicketCode, normalizeTicketCode } from './ticket-code';
