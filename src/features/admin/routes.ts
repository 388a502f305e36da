import type { Router } from '../../platform/http/router.js';
import type { AdminService } from './service.js';

// Placeholder while the admin pages are written: registers nothing yet.
export function adminRoutes(_router: Router, _admin: AdminService): void {}
