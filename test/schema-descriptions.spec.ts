import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType } from 'graphql';
import { bootTestApp, TestApp } from './support/test-app';

interface Coverage {
  described: number;
  missing: string[];
}

/** Every type, field, argument, input field and enum value of the schema, with those lacking a description. */
export function descriptionCoverage(schema: GraphQLSchema): Coverage {
  const missing: string[] = [];
  let described = 0;
  const check = (path: string, description: string | null | undefined) => {
    if (description && description.trim()) described++;
    else missing.push(path);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return { described, missing };
}

describe('schema descriptions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  it('describes every type, field, argument, input field and enum value', () => {
    const { described, missing } = descriptionCoverage(t.app.get(GraphQLSchemaHost).schema);
    expect(described).toBeGreaterThan(0);
    // Names the undescribed elements, so the failure says what to describe.
    expect(missing).toEqual([]);
  });
});
