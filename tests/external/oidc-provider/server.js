// A loopback OpenID Provider built on panva's oidc-provider (not on AuthActors code) for the AuthActors tests.
//
//   node server.js [PORT] [REDIRECT_URI ...]        (or REDIRECT_URIS="uri1 uri2" in the environment)
//
// Listens on 127.0.0.1:PORT (0 or absent: a free port) and prints the issuer, http://127.0.0.1:PORT, as the
// first stdout line once it accepts requests. Discovery: ISSUER/.well-known/openid-configuration.
//
// One confidential client: "authactors" / "authactors-secret-authactors-secret", client_secret_basic,
// authorization_code + refresh_token, RS256 ID tokens, PKCE required. Interactions are automatic: the login
// prompt logs in the account "alice" and the consent prompt grants what was requested, so a plain HTTP client
// with a cookie jar can follow redirects from the authorization request to the redirect_uri. The RFC 9207
// `iss` authorization response parameter is always on in oidc-provider 9 (discovery advertises
// authorization_response_iss_parameter_supported: true); there is no switch for it.
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const CLIENT_ID = 'authactors';
const CLIENT_SECRET = 'authactors-secret-authactors-secret';
const ACCOUNT_ID = 'alice';

const args = process.argv.slice(2);
const port = Number(args[0] ?? 0);
const redirectUris = args.length > 1
  ? args.slice(1)
  : (process.env.REDIRECT_URIS ?? 'http://127.0.0.1:9/callback').split(/[\s,]+/).filter(Boolean);

const accounts = {
  alice: { sub: 'alice', name: 'Alice Example', email: 'alice@example.com', email_verified: true },
};

// A fresh RSA signing key per run: nothing is persisted.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'authactors-test-rs256', alg: 'RS256', use: 'sig' };

const server = http.createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    }],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false }, // replaced by the automatic interactions below
      revocation: { enabled: true },
      introspection: { enabled: true },
    },
    // Refresh tokens for every client allowed the grant, not only with offline_access.
    issueRefreshToken: async (ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('openid'),
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (ctx, id) => (accounts[id]
      ? { accountId: id, claims: async () => ({ ...accounts[id] }) }
      : undefined),
  });

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
      try {
        await interact(provider, req, res);
      } catch (err) {
        console.error('interaction failed:', err);
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      }
      return;
    }
    callback(req, res);
  });

  provider.on('server_error', (ctx, err) => console.error('server_error:', err));
  for (const event of ['authorization.error', 'grant.error', 'introspection.error', 'revocation.error', 'userinfo.error']) {
    provider.on(event, (ctx, err) => console.error(`${event}: ${err.name}: ${err.message} ${err.error_description ?? ''}`));
  }

  console.log(issuer);
});

// Logs "alice" in at the login prompt and grants everything requested at the consent prompt.
async function interact(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: ACCOUNT_ID } }, { mergeWithLastSubmission: false });
    return;
  }

  if (prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }

  res.writeHead(400, { 'content-type': 'text/plain' }).end(`unexpected prompt ${prompt.name}`);
}
