import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { AppConfig } from '../common/config/app-config';
import { Role } from '../common/domain-enums';
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { ANONYMOUS_DASHBOARD } from './principal';
import { AuthenticatedRequest } from './principal.hook';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/**
 * Global guard on every resolver, field resolver and route. Secure by default: a handler with no @Roles
 * (and no @Public) is refused, so a forgotten decorator cannot open a hole.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const req: AuthenticatedRequest =
      context.getType<GqlContextType>() === 'graphql' ? GqlExecutionContext.create(context).getContext().req : context.switchToHttp().getRequest();
    if (req.authError) throw new DomainException(ErrorCode.UNAUTHENTICATED, req.authError);
    const principal = req.principal ?? (this.config.ANONYMOUS_READ ? ANONYMOUS_DASHBOARD : null);
    if (!principal) throw new DomainException(ErrorCode.UNAUTHENTICATED, 'Send an API key as "Authorization: Bearer <token>"');
    if (!roles || !roles.includes(principal.role as Role)) {
      throw new DomainException(ErrorCode.FORBIDDEN, `The ${principal.role} role may not do this`);
    }
    return true;
  }
}
