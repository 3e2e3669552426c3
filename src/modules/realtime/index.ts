export { attachRealtime, type Realtime, type RealtimeServer } from './realtime.server';
export type { SeatsChangedMessage, ServerToClientEvents, ClientToServerEvents } from './realtime.schemas';
export { coalesceSeatEvents } from './seat-coalescing';
