// Tanggap console — talking to the staff API. The token lives in sessionStorage
// (this tab only; gone when the tab closes or the officer presses "Keluar");
// every call carries it, and a 401 from any call sends the officer back to the
// login. Calls never throw: each resolves to { status, body, error, response },
// status 0 when the server could not be reached.
(function (C) {
  'use strict';
  const TOKEN_KEY = 'tanggap.console.token';

  C.token = () => sessionStorage.getItem(TOKEN_KEY) || '';
  C.setToken = (token) => sessionStorage.setItem(TOKEN_KEY, token);
  C.clearToken = () => sessionStorage.removeItem(TOKEN_KEY);

  // One key per submitted action. crypto.getRandomValues, not randomUUID: the
  // latter needs a secure context, and an office may serve the console on plain
  // http inside its own network.
  C.newKey = () => {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  };

  // "?a=1&b=x" from an object, leaving out empty values (the API reads an empty
  // filter as a filter for the empty string).
  C.query = (params) => {
    const q = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') q.set(name, String(value));
    }
    const text = q.toString();
    return text ? '?' + text : '';
  };

  // options: body (sent as JSON), idempotencyKey, raw (answer the Response
  // untouched when 2xx: for the CSV), quiet401 (the login's own check).
  C.api = async (method, path, options = {}) => {
    const headers = { Authorization: 'Bearer ' + C.token() };
    const init = { method, headers, cache: 'no-store' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      return { status: 0, body: null, error: { code: 'network', message: String(e) }, response: null };
    }
    if (options.raw && response.ok) return { status: response.status, body: null, error: null, response };
    const text = await response.text().catch(() => '');
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;  // not JSON: a proxy's error page; the status still says what happened
    }
    const error = response.ok ? null : (body && body.error) || { code: 'http_' + response.status, message: '' };
    if (response.status === 401 && !options.quiet401 && C.onUnauthenticated) C.onUnauthenticated();
    return { status: response.status, body, error, response };
  };
})(window.TanggapConsole = window.TanggapConsole || {});
