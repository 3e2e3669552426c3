export { createCatalogService, type CatalogService, TURNAROUND_MINUTES } from './catalog.service';
export { createCatalogRepository, createSeatStateRepository } from './catalog.repository';
export { createProgrammeRepository } from './programme.repository';
export { catalogRoutes } from './catalog.routes';
export { buildSeats, compareLabels } from './seat-layout';
export type { AuditoriumInput, OrphanRule, SeatMap, SeatView } from './catalog.schemas';
export {
  cancelShowtimeBodySchema as cancelShowtimeBody,
  showtimePatchBodySchema as showtimePatchBody,
  showtimeViewSchema as showtimeView,
} from './catalog.schemas';
