import { graphqlStatus, isCrossSiteForgeable, responseMediaType } from './graphql-over-http';

describe('responseMediaType', () => {
  it.each([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json,application/json;q=0.9', 'application/graphql-response+json'],
    ['application/json, application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json;q=0.5, application/json', 'application/json'],
    ['application/graphql-response+json;q=0, */*', 'application/json'],
    ['text/html', 'application/json'],
  ])('answers Accept %p with %s', (accept, type) => {
    expect(responseMediaType(accept)).toBe(type);
  });
});

describe('graphqlStatus', () => {
  const json = 'application/json' as const;
  const grj = 'application/graphql-response+json' as const;
  it('is 200 once execution started, whatever the errors', () => {
    expect(graphqlStatus({ executed: true, mediaType: json, codes: ['BAD_USER_INPUT'] })).toBe(200);
    expect(graphqlStatus({ executed: true, mediaType: grj, codes: ['INTERNAL_SERVER_ERROR'] })).toBe(200);
  });
  it('gives a request error the status of its code with graphql-response+json', () => {
    expect(graphqlStatus({ executed: false, mediaType: grj, codes: ['QUERY_TOO_COMPLEX'] })).toBe(400);
    expect(graphqlStatus({ executed: false, mediaType: grj, codes: ['SERVICE_UNAVAILABLE'] })).toBe(503);
    expect(graphqlStatus({ executed: false, mediaType: grj, httpStatus: 405, codes: ['BAD_USER_INPUT'] })).toBe(405);
  });
  it('keeps 400 for a wrong request with application/json', () => {
    expect(graphqlStatus({ executed: false, mediaType: json, codes: ['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX'] })).toBe(400);
    expect(graphqlStatus({ executed: false, mediaType: json, httpStatus: 429, codes: ['RATE_LIMITED'] })).toBe(429);
  });
});

describe('isCrossSiteForgeable', () => {
  const H = ['apollo-require-preflight'];
  it('refuses what a form can POST without a preflight header, and nothing else', () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      expect(isCrossSiteForgeable({ method: 'POST', headers: { 'content-type': type } }, H)).toBe(true);
      expect(isCrossSiteForgeable({ method: 'POST', headers: { 'content-type': type, 'apollo-require-preflight': '1' } }, H)).toBe(false);
    }
    expect(isCrossSiteForgeable({ method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' } }, H)).toBe(false);
    expect(isCrossSiteForgeable({ method: 'GET', headers: {} }, H)).toBe(false);
  });
});
