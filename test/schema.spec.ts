import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { schemaFileText } from '../src/cli/schema-file';
import { bootTestApp, TestApp } from './support/test-app';

describe('schema.gql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  it('matches the schema the app serves (run `npm run schema` when this fails)', () => {
    const served = schemaFileText(t.app.get(GraphQLSchemaHost).schema);
    expect(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8')).toBe(served);
  });
});
