import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { GraphQLContext, Principal } from '../common/graphql-context';
import { AuthenticatedRequest } from './principal.hook';

/**
 * The caller, as the RolesGuard let it through: for root resolvers and routes only. Field resolvers take no parameter
 * decorators (Nest then calls them directly, without an enhancer chain per field); they read `ctx.principal`.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal =
    context.getType<GqlContextType>() === 'graphql'
      ? GqlExecutionContext.create(context).getContext<GraphQLContext>().principal
      : context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // Unreachable behind the guard, which refuses a handler's caller without one; said here rather than asserted with `!`.
  if (!principal) throw new DomainException(ErrorCode.UNAUTHENTICATED, 'Send an API key as "Authorization: Bearer <token>"');
  return principal;
});
