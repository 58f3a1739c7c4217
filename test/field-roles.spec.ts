import { Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { Field, ObjectType, ResolveField, Resolver } from '@nestjs/graphql';
import { FieldRoles, FieldRolesCheck } from '../src/auth/field-roles';
import { READ_ROLES, Roles } from '../src/auth/roles.decorator';
import { Role } from '../src/common/domain-enums';

// Field resolvers run without Nest's guard chain, so the start-up check is what keeps "no roles, no access" true.

@ObjectType()
class Thing {
  @Field()
  id!: string;
}

@Resolver(() => Thing)
class NoRolesResolver {
  @ResolveField(() => String)
  secret() {
    return 'x';
  }
}

@Resolver(() => Thing)
@Roles(...READ_ROLES)
class NarrowedWithRolesResolver {
  @ResolveField(() => String)
  @Roles(Role.ADMIN)
  secret() {
    return 'x';
  }
}

@Resolver(() => Thing)
@Roles(Role.ADMIN)
class NarrowClassResolver {
  @ResolveField(() => String)
  secret() {
    return 'x';
  }
}

@Resolver(() => Thing)
@Roles(...READ_ROLES)
class WellDeclaredResolver {
  @ResolveField(() => String)
  open() {
    return 'x';
  }

  @ResolveField(() => String)
  @FieldRoles(Role.ADMIN)
  secret() {
    return 'x';
  }
}

async function boot(resolver: Function) {
  @Module({ imports: [DiscoveryModule], providers: [FieldRolesCheck, resolver as any] })
  class M {}
  const app = await NestFactory.createApplicationContext(M, { logger: false, abortOnError: false });
  await app.close();
}

describe('field resolver roles (start-up check)', () => {
  it('refuses to start when a field resolver declares no roles', async () => {
    await expect(boot(NoRolesResolver)).rejects.toThrow('NoRolesResolver.secret declares no roles');
  });

  it('refuses to start when a field narrows its roles with @Roles, which no guard would enforce', async () => {
    await expect(boot(NarrowedWithRolesResolver)).rejects.toThrow('NarrowedWithRolesResolver.secret narrows its roles with @Roles; use @FieldRoles');
  });

  it('refuses to start when a field would rely on narrow class roles, which only guard root resolvers', async () => {
    await expect(boot(NarrowClassResolver)).rejects.toThrow('NarrowClassResolver.secret would inherit class roles narrower than every reader');
  });

  it('starts when roles come from the class and narrower fields use @FieldRoles', async () => {
    await expect(boot(WellDeclaredResolver)).resolves.toBeUndefined();
  });
});
