// The Episode Builder API as the page uses it: JSON in, JSON out, problems thrown with their detail.
const params = new URLSearchParams(location.search);

/**
 * Where the API lives: ?api=... (a page served apart from the Functions app), else this origin's /api. A page that signs
 * in uses the API its sign-in settings name instead (useApi), so a link cannot send its token elsewhere.
 */
let apiBase = (params.get('api') ?? '/api').replace(/\/$/, '');

export function useApi(url) {
  apiBase = url.replace(/\/$/, '');
}

export class ApiError extends Error {
  constructor(status, message, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * Who is calling. Where the page signs in itself (auth.js: MSAL.js for the API's scope), window.episodeBuilderAuth.token()
 * gives an access token and each request carries it as a bearer token; otherwise requests carry this origin's cookies
 * (App Service Authentication in front of the same origin). The API takes no function key: a browser cannot keep one secret.
 */
async function authHeaders() {
  const token = await window.episodeBuilderAuth?.token?.();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export async function call(path, { method = 'GET', body } = {}) {
  const response = await fetch(apiBase + path, {
    method,
    headers: { ...(await authHeaders()), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    // A validation problem names each field with what is wrong with it; say them all.
    const fields = json?.errors ? Object.entries(json.errors).map(([field, messages]) => `${field} ${messages.join(' ')}`) : [];
    const message = json?.detail ?? json?.title ?? response.statusText;
    throw new ApiError(response.status, fields.length ? `${message} ${fields.join('; ')}` : message, json);
  }
  return json;
}

/** Uploads a file straight to GCS with a signed URL from POST /uploads; returns its object key. */
export async function upload(file) {
  const ticket = await call('/uploads', { method: 'POST', body: { fileName: file.name, contentType: file.type || 'application/octet-stream' } });
  const response = await fetch(ticket.uploadUrl, { method: ticket.method, headers: ticket.headers, body: file });
  await response.arrayBuffer(); // read to the end, so the request completes rather than being dropped unread
  if (!response.ok) {
    throw new ApiError(response.status, `The upload to storage failed (${response.status}).`);
  }
  return ticket.key;
}
