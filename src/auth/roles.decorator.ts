import { SetMetadata } from '@nestjs/common';
import { Role } from '../common/domain-enums';

export const ROLES_KEY = 'roles';
export const READ_ROLES = [Role.ADMIN, Role.EDITOR, Role.ANALYST, Role.DASHBOARD];
/** Who may read update notes and their authors. */
export const NOTE_READER_ROLES = [Role.ADMIN, Role.EDITOR, Role.ANALYST];

/** The roles allowed to reach a resolver, field or route. Every one must say; none means refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const PUBLIC_KEY = 'public';
/** Open to everyone, signed in or not (health checks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
