export { createWaitingRoomService, type WaitingRoomService } from './waiting-room.service';
export { waitingRoomRoutes, admissionGuard } from './waiting-room.routes';
export { createQueueEngine, type QueueEngine } from './queue-engine';
export { verifyQueueLog, type QueueLogRecord, type QueueVerification } from './queue-log';
export { drawOrder, seedHashOf } from './queue-rules';
