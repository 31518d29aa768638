// A real OpenID Connect provider for the gateway's sign-in tests: the certified npm package
// `oidc-provider` with its development login and consent pages (any login name, any password).
// The login name is the person's e-mail claim; the subject is pairwise (an opaque value the
// provider derives), so the gateway must map subject/e-mail to an account an admin created.
//
//   PORT=... CLIENT_ID=... CLIENT_SECRET=... REDIRECT_URI=... node provider.js
import { createHash } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 39400);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      subject_type: 'pairwise',
    },
  ],
  subjectTypes: ['public', 'pairwise'],
  async pairwiseIdentifier(ctx, accountId, client) {
    return createHash('sha256').update(`${client.sectorIdentifier}|${accountId}`).digest('hex');
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  // PKCE (S256) is required of every client.
  pkce: { required: () => true },
  cookies: { keys: ['mmc-test-provider-cookie-key'] },
  async findAccount(ctx, id) {
    // The development login form posts the login name as the account id.
    return {
      accountId: id,
      async claims(use, scope, claims, rejected, sub) {
        return { sub: sub ?? id, email: id, email_verified: true };
      },
    };
  },
});

// A provider's own failure is shown on stderr, not only as a 500.
provider.on('server_error', (ctx, error) => console.error('server_error', error));

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider ready at ${issuer}`);
});
