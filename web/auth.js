// Sign-in for a builds page served apart from App Service Authentication: MSAL.js (Entra ID, the authorization code flow
// with PKCE), configured by auth.json beside the page:
//   { "clientId": "<the page's app registration>", "authority": "https://login.microsoftonline.com/<tenant>",
//     "scopes": ["api://episode-builder/Episodes.Build"], "knownAuthorities": [] }
// Without auth.json (404), or with one that names no clientId, the page signs in nobody: requests carry this origin's
// cookies (App Service Authentication in front of the same origin) or nothing (the local host).

/** The page's sign-in settings, or null when it has none. */
async function loadSettings() {
  const response = await fetch('auth.json', { cache: 'no-store' });
  if (response.status === 404) {
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

/** MSAL.js's browser build (npm @azure/msal-browser, served at vendor/msal/), loaded only when the page signs in. */
function loadMsal() {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'vendor/msal/msal-browser.min.js';
    script.onload = () => resolve(window.msal);
    script.onerror = () => reject(new Error('MSAL.js is not served at vendor/msal/msal-browser.min.js.'));
    document.head.append(script);
  });
}

/**
 * Signs the visitor in when auth.json asks for it: finishes a sign-in redirect, or starts one (the page navigates away
 * and this never settles). Returns the signed-in account and sets window.episodeBuilderAuth, whose token() every API
 * request awaits (a cached token, renewed silently, or a new sign-in when that fails); null without sign-in settings.
 */
export async function signIn() {
  const settings = await loadSettings();
  if (!settings) {
    return null;
  }
  const msal = await loadMsal();
  // The page itself, without its query: the redirect URI registered for the page (MSAL returns to the full URL after).
  const redirectUri = new URL(settings.redirectUri ?? location.pathname, location.origin).href;
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
    async token() {
      try {
        return (await client.acquireTokenSilent({ scopes: settings.scopes, account })).accessToken;
      } catch (error) {
        if (error instanceof msal.InteractionRequiredAuthError) {
          await client.acquireTokenRedirect({ scopes: settings.scopes, account });
        }
        throw error;
      }
    },
    signOut: () => client.logoutRedirect({ account }),
  };
  return account;
}
