// Moved to common/errors: it now serves every REST route (health, unknown paths, hook errors), registered globally.
export { RestErrorFilter } from '../common/errors/rest-error.filter';
