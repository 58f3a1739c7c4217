// The page's one way to the API: a JSON POST to /graphql on this origin, with the pasted key (if any) as a Bearer
// token, no cookies. Errors come back coded; a document the server cannot run because it lacks a field or an
// argument (an older server) is NOT_AVAILABLE, so its panel can say so while the rest of the page works.

export const ENDPOINT = '/graphql';
const KEY_STORAGE = 'tracker.dashboard.apiKey';
const LANG_STORAGE = 'tracker.dashboard.lang';

/** A failed request, with the API's `extensions.code` (or NETWORK / HTTP_nnn / NOT_AVAILABLE). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The input the server refused (`extensions.field`), when it names one. */
    readonly field?: string,
  ) {
    super(message);
  }
  /** The server does not have what the document asks for (a field, an argument, a subscription). */
  get unavailable(): boolean {
    return this.code === NOT_AVAILABLE;
  }
}

export const NOT_AVAILABLE = 'NOT_AVAILABLE';

// GraphQL's validation messages for a field, argument or type the schema does not have.
const MISSING_IN_SCHEMA =
  /Cannot query field|Unknown argument|Unknown type|Unknown field|is not defined by type|Schema is not configured for subscriptions|not configured to execute subscription/i;

/** Turns one GraphQL error of an answer into an ApiError. */
export function toApiError(err: { message?: string; extensions?: { code?: string; field?: string } } | undefined, status?: number): ApiError {
  const message = err?.message ?? 'Unknown error';
  const code = err?.extensions?.code ?? (status ? `HTTP_${status}` : 'UNKNOWN');
  if ((code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED') && MISSING_IN_SCHEMA.test(message)) return new ApiError(NOT_AVAILABLE, message);
  return new ApiError(code, message, err?.extensions?.field);
}

/** Runs one document; resolves to its `data`, or rejects with the first error's code. */
export async function request<T>(document: string, variables: Record<string, unknown>, key: string | null, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query: document, variables }),
      credentials: 'omit',
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', 'The server could not be reached');
  }
  let body: { data?: T | null; errors?: { message?: string; extensions?: { code?: string; field?: string } }[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`HTTP_${res.status}`, `The server answered ${res.status} without a GraphQL body`);
  }
  if (body.errors?.length) throw toApiError(body.errors[0], res.status);
  if (!body.data) throw new ApiError(`HTTP_${res.status}`, 'The answer has no data');
  return body.data;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: the key lasts for the page only
  }
}

/** The key pasted before in this browser, if any. */
export const storedKey = (): string | null => storage()?.getItem(KEY_STORAGE) ?? null;
/** Keeps the key in this browser (localStorage of this origin only). */
export const storeKey = (key: string) => storage()?.setItem(KEY_STORAGE, key);
/** Removes the key from this browser. */
export const forgetKey = () => storage()?.removeItem(KEY_STORAGE);
/** The language chosen before with the switch, if any. */
export const storedLang = (): string | null => storage()?.getItem(LANG_STORAGE) ?? null;
/** Remembers the language chosen with the switch. */
export const storeLang = (lang: string) => storage()?.setItem(LANG_STORAGE, lang);
