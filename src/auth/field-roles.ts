// Role checks for fields. Guards run on root resolvers only (Nest's enhancer chain on every field cost ~400
// wrapped calls per 100-row page); a field open to fewer roles than the roots that reach it says so with
// @FieldRoles, and its resolver is wrapped with a plain check. FieldRolesCheck refuses to start when a field
// resolver declares no roles at all, or narrows them with plain @Roles, so a forgotten decorator cannot open a hole.
import { applyDecorators, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Extensions } from '@nestjs/graphql';
import { defaultFieldResolver, GraphQLSchema, isNonNullType, isObjectType } from 'graphql';
import { Role } from '../common/domain-enums';
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { GraphQLContext } from '../common/graphql-context';
import { PUBLIC_KEY, READ_ROLES, Roles, ROLES_KEY } from './roles.decorator';

const FIELD_ROLES_KEY = 'field-roles';
const RESOLVE_PROPERTY = 'graphql:resolve_property';

/** A field only these roles may read, however deep it is reached; others get FORBIDDEN on that field. */
export const FieldRoles = (...roles: Role[]) =>
  applyDecorators(Roles(...roles), Extensions({ roles }), (target: object, key?: string | symbol, d?: PropertyDescriptor) => {
    if (d) Reflect.defineMetadata(FIELD_ROLES_KEY, true, d.value);
  });

/** Wraps the resolver of every field that carries `roles` in its extensions (schema transform, once at start-up). */
export function enforceFieldRoles(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const roles = field.extensions?.roles as Role[] | undefined;
      if (!roles) continue;
      // A field some roles may not read must be nullable, or its FORBIDDEN would null its parent (a whole task).
      if (isNonNullType(field.type)) throw new Error(`${type.name}.${field.name} has @FieldRoles, so it must be nullable`);
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx: GraphQLContext, info) => {
        const role = ctx.principal?.role as Role | undefined;
        if (!role || !roles.includes(role))
          throw new DomainException(ErrorCode.FORBIDDEN, `The ${role ?? 'anonymous'} role may not read ${type.name}.${field.name}`);
        return resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}

/** Start-up check: every field resolver declares its roles (on the class or the method); narrower ones use @FieldRoles. */
@Injectable()
export class FieldRolesCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit() {
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const method = proto[name];
        if (!Reflect.getMetadata(RESOLVE_PROPERTY, method)) continue;
        const where = `${proto.constructor.name}.${name}`;
        if (this.reflector.get(PUBLIC_KEY, method)) continue;
        const classRoles = this.reflector.get<Role[] | undefined>(ROLES_KEY, proto.constructor);
        const ownRoles = this.reflector.get<Role[] | undefined>(ROLES_KEY, method);
        if (!classRoles && !ownRoles) problems.push(`${where} declares no roles`);
        if (ownRoles && !Reflect.getMetadata(FIELD_ROLES_KEY, method)) problems.push(`${where} narrows its roles with @Roles; use @FieldRoles`);
        // Class roles are enforced on root resolvers only; a field inherits whatever reached its parent.
        if (!ownRoles && classRoles && !READ_ROLES.every((r) => classRoles.includes(r))) {
          problems.push(`${where} would inherit class roles narrower than every reader's; give the field @FieldRoles`);
        }
      }
    }
    if (problems.length) throw new Error(`Field resolvers without enforceable roles: ${problems.join('; ')}`);
  }
}
