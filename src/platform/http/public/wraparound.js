// Starts the GOV.UK Frontend components (error summary focus, password reveal, skip link, menus).
// Named after the service: /javascripts/ also serves govuk-frontend's and MOJ frontend's folders,
// and MOJ ships its own init.js, which a file of ours called init.js would lose to.
import { initAll } from '/javascripts/govuk-frontend.min.js';

initAll();
