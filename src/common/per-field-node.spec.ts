import { GraphQLResolveInfo } from 'graphql';
import { perFieldNode } from './per-field-node';

const infoOf = (variableValues: object, node: object) => ({ variableValues, fieldNodes: [node] }) as unknown as GraphQLResolveInfo;

describe('perFieldNode', () => {
  it('makes a value once per request and field node, apart for each kind', () => {
    const variables = {};
    const [a, b] = [{ kind: 'Field' }, { kind: 'Field' }];
    let made = 0;
    const make = () => ({ n: ++made });
    const first = perFieldNode(infoOf(variables, a), 'page', make);
    expect(perFieldNode(infoOf(variables, a), 'page', make)).toBe(first);
    expect(made).toBe(1);
    expect(perFieldNode(infoOf(variables, b), 'page', make)).toEqual({ n: 2 }); // another field node
    expect(perFieldNode(infoOf(variables, a), 'other', make)).toEqual({ n: 3 }); // another kind
    expect(perFieldNode(infoOf({}, a), 'page', make)).toEqual({ n: 4 }); // another request
    expect(perFieldNode(infoOf(variables, a), 'page', make)).toBe(first);
  });

  it('keeps nothing when making throws: the next parent throws the same way', () => {
    const info = infoOf({}, { kind: 'Field' });
    let calls = 0;
    const bad = () => {
      calls++;
      throw new Error('bad arguments');
    };
    expect(() => perFieldNode(info, 'page', bad)).toThrow('bad arguments');
    expect(() => perFieldNode(info, 'page', bad)).toThrow('bad arguments');
    expect(calls).toBe(2);
  });
});
