export { createSnapshotBuilder, type SnapshotBuilder, type SnapshotDeps } from './classroom-snapshot';
export { createClassroomPublisher, type ClassroomPublisher } from './classroom-publisher';
export { createClassroomRepository } from './classroom.repository';
export { classroomRoutes } from './classroom.routes';
export { classroomSnapshotSchema, watchRequestSchema, type ClassroomSnapshot } from './classroom.schemas';
