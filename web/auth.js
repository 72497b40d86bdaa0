// Sign-in for a builds page served apart from App Service Authentication: MSAL.js (Entra ID, the authorization code flow
// with PKCE), configured by auth.json beside the page:
//   { "clientId": "<the page's app registration>", "authority": "https://login.microsoftonline.com/<tenant>",
//     "scopes": ["api://episode-builder/Episodes.Build"], "api": "https://<app>.azurewebsites.net/api",
//     "knownAuthorities": [] }
// Without auth.json (404, or a host answering with a page instead), or with one that names no clientId, the page signs in
// nobody: requests carry this origin's cookies (App Service Authentication in front of the same origin) or nothing (the
// local host). A signed-in page sends its token only to the API auth.json names (default: this origin's /api), never to
// an address from the page's own URL.

/** The page's sign-in settings, or null when it has none. */
async function loadSettings() {
  const response = await fetch('auth.json', { cache: 'no-store' });
  if (response.status === 404 || !(response.headers.get('content-type') ?? '').includes('json')) {
    return null;
  }
  if (!response.ok) {
    throw new Error(`The page's sign-in settings (auth.json) could not be read: HTTP ${response.status}.`);
  }
  const settings = await response.json();
  if (!settings?.clientId) {
    return null;
  }
  for (const field of ['authority', 'scopes']) {
    if (!settings[field] || (field === 'scopes' && !settings.scopes.length)) {
      throw new Error(`auth.json needs "${field}".`);
    }
  }
  return settings;
}

/** A script of MSAL.js's browser build (npm @azure/msal-browser's lib/, served at vendor/msal/), loaded when needed. */
function loadScript(path, global) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `vendor/msal/${path}`;
    script.onload = () => resolve(window[global]);
    script.onerror = () => reject(new Error(`MSAL.js is not served at vendor/msal/${path}.`));
    document.head.append(script);
  });
}

/**
 * Signs the visitor in when auth.json asks for it: finishes a sign-in redirect, or starts one (the page navigates away
 * and this never settles). Returns { account, api } and sets window.episodeBuilderAuth, whose token() every API request
 * awaits: a cached token, renewed with the refresh token or silently in a hidden frame (auth-redirect.html, MSAL's
 * redirect bridge), or a new sign-in by redirect when neither works. Null without sign-in settings.
 */
export async function signIn() {
  const settings = await loadSettings();
  if (!settings) {
    return null;
  }
  const msal = await loadScript('msal-browser.min.js', 'msal');
  // The page's folder: the redirect URI registered for the page (MSAL returns to the full URL, query and all, after).
  const redirectUri = new URL('.', location.href).href;
  const bridgeUri = new URL('auth-redirect.html', redirectUri).href;
  const client = new msal.PublicClientApplication({
    auth: {
      clientId: settings.clientId,
      authority: settings.authority,
      knownAuthorities: settings.knownAuthorities ?? [],
      redirectUri,
      postLogoutRedirectUri: redirectUri,
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await client.initialize();
  const result = await client.handleRedirectPromise();
  const account = result?.account ?? client.getActiveAccount() ?? client.getAllAccounts()[0];
  if (!account) {
    await client.loginRedirect({ scopes: settings.scopes });
    return new Promise(() => {});
  }
  client.setActiveAccount(account);
  window.episodeBuilderAuth = {
    account,
    async token({ forceRefresh = false } = {}) {
      try {
        return (await client.acquireTokenSilent({ scopes: settings.scopes, account, redirectUri: bridgeUri, forceRefresh })).accessToken;
      } catch (error) {
        // Neither the refresh token nor the directory's session gave a token: sign in again (the page navigates away).
        await client.acquireTokenRedirect({ scopes: settings.scopes, account });
        throw error;
      }
    },
    signOut: () => client.logoutRedirect({ account }),
  };
  return { account, api: new URL(settings.api ?? '/api', location.href).href };
}
