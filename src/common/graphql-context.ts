import { RequestLoaders } from './loaders/request-loaders';

/** Who is calling; filled in by the auth layer. */
export interface Principal {
  keyId: string | null;
  name: string;
  role: string;
  regions: string[];
}

/** Built once per GraphQL request. */
export interface GraphQLContext {
  req: { id: string; headers: Record<string, string | string[] | undefined> };
  loaders: RequestLoaders;
  principal: Principal | null;
}
