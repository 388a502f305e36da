import { ServiceError } from '../../platform/http/service-error.js';

/** A refusal from the risk feature: a status, a message for the person, and the field it is about. */
export class RiskError extends ServiceError {}
