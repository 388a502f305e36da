import { ServiceError } from '../../platform/http/service-error.js';
export class PeopleError extends ServiceError {}
