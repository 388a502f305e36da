import type { Router } from '../../platform/http/router.js';
import { agencyRoutes } from './agency-routes.js';
import type { CaseFrames } from '../cases/frames.js';
import { requestRoutes } from './request-routes.js';
import type { InformationRequestsService } from './requests-service.js';
import { sectionRoutes } from './section-routes.js';
import type { AssessmentService } from './service.js';
import { taskListRoutes } from './task-list-routes.js';

/** The child and family assessment, and the requests for information to the network that inform it. */
export function assessmentRoutes(router: Router, assessments: AssessmentService, requests: InformationRequestsService, frames: CaseFrames): void {
  taskListRoutes(router, assessments, frames);
  sectionRoutes(router, assessments, frames);
  requestRoutes(router, requests, frames);
  agencyRoutes(router, requests);
}
