export { auditRepository, type AuditAction, type AuditInput } from './audit.repository';
export { auditRoutes } from './audit.routes';
