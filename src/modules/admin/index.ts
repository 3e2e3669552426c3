export { createAdminService, type AdminService } from './admin.service';
export { createAdminRepository } from './admin.repository';
export { adminRoutes } from './admin.routes';
export { createReportsRepository } from './reports.repository';
