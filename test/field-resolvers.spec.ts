// Field resolvers take no parameter decorators (README, Architecture): @nestjs/graphql then binds them directly, with
// no enhancer chain per field (~400 wrapped calls per 100-row page otherwise). Only the nested connections, whose
// arguments need @Args, take them; @CurrentPrincipal and the like stay on root resolvers.
import { FEATURE_MODULES } from '../src/app.module';

const RESOLVE_PROPERTY = 'graphql:resolve_property';
const PARAM_ARGS = '__routeArguments__';
const WITH_ARGUMENTS = ['AreaTasksResolver.tasks', 'TaskHistoryResolver.history'];

describe('field resolvers', () => {
  it('take no parameter decorators, but the nested connections with arguments', () => {
    const fields: string[] = [];
    const decorated: string[] = [];
    for (const module of FEATURE_MODULES) {
      for (const provider of (Reflect.getMetadata('providers', module) ?? []) as unknown[]) {
        if (typeof provider !== 'function') continue;
        for (const name of Object.getOwnPropertyNames(provider.prototype)) {
          const method = provider.prototype[name];
          if (name === 'constructor' || typeof method !== 'function' || !Reflect.getMetadata(RESOLVE_PROPERTY, method)) continue;
          fields.push(`${provider.name}.${name}`);
          const params = Reflect.getMetadata(PARAM_ARGS, provider, name);
          if (params && Object.keys(params).length > 0) decorated.push(`${provider.name}.${name}`);
        }
      }
    }
    expect(fields.length).toBeGreaterThan(30);
    expect(decorated.sort()).toEqual(WITH_ARGUMENTS);
  });
});
