// GraphiQL in the browser, bundled by build-assets.mjs from npm packages: nothing is fetched from another origin.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';

// Monaco's language workers, bundled next to this file (classic workers: no import map or module worker needed).
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const name = label === 'json' || label === 'graphql' ? label : 'editor';
    return new Worker(new URL(`./${name}.worker.js`, import.meta.url));
  },
};

const root = document.getElementById('graphiql');
const endpoint = root.dataset.endpoint;

const template = JSON.parse(root.dataset.defaultHeaders);

/**
 * Plain JSON POST to the API with the headers editor's headers (not kept in storage). The untouched template's
 * Authorization is left out, so a server with ANONYMOUS_READ answers before a key is pasted.
 */
async function fetcher(params, options) {
  const headers = { ...(options?.headers ?? {}) };
  if (headers.Authorization === template.Authorization) delete headers.Authorization;
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(params),
    credentials: 'omit',
  });
  return res.json();
}

createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: root.dataset.defaultQuery,
    defaultHeaders: root.dataset.defaultHeaders,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  }),
);
