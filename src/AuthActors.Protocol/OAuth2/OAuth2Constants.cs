namespace AuthActors.Protocol.OAuth2;

/// <summary>Wire names of OAuth 2.0 and its extensions, in the manner of Duende's <c>OidcConstants</c>.</summary>
public static class OAuth2Constants
{
    /// <summary>Authorization request parameters (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1).</summary>
    public static class AuthorizeRequest
    {
        /// <summary><c>response_type</c>.</summary>
        public const string ResponseType = "response_type";
        /// <summary><c>client_id</c>.</summary>
        public const string ClientId = "client_id";
        /// <summary><c>redirect_uri</c>.</summary>
        public const string RedirectUri = "redirect_uri";
        /// <summary><c>scope</c>.</summary>
        public const string Scope = "scope";
        /// <summary><c>state</c>.</summary>
        public const string State = "state";
        /// <summary><c>code_challenge</c>.</summary>
        public const string CodeChallenge = "code_challenge";
        /// <summary><c>code_challenge_method</c>.</summary>
        public const string CodeChallengeMethod = "code_challenge_method";
        /// <summary><c>nonce</c>.</summary>
        public const string Nonce = "nonce";
        /// <summary><c>response_mode</c>.</summary>
        public const string ResponseMode = "response_mode";
    }

    /// <summary>Authorization response parameters (RFC 6749 §4.1.2, RFC 9207 §2).</summary>
    public static class AuthorizeResponse
    {
        /// <summary><c>code</c>.</summary>
        public const string Code = "code";
        /// <summary><c>state</c>.</summary>
        public const string State = "state";
        /// <summary><c>iss</c> (RFC 9207).</summary>
        public const string Issuer = "iss";
        /// <summary><c>error</c>.</summary>
        public const string Error = "error";
        /// <summary><c>error_description</c>.</summary>
        public const string ErrorDescription = "error_description";
        /// <summary><c>error_uri</c>.</summary>
        public const string ErrorUri = "error_uri";
    }

    /// <summary>Token request parameters (RFC 6749 §4.1.3, §6, §4.4; RFC 7636 §4.5; RFC 7523 §2.2).</summary>
    public static class TokenRequest
    {
        /// <summary><c>grant_type</c>.</summary>
        public const string GrantType = "grant_type";
        /// <summary><c>code</c>.</summary>
        public const string Code = "code";
        /// <summary><c>redirect_uri</c>.</summary>
        public const string RedirectUri = "redirect_uri";
        /// <summary><c>client_id</c>.</summary>
        public const string ClientId = "client_id";
        /// <summary><c>client_secret</c>.</summary>
        public const string ClientSecret = "client_secret";
        /// <summary><c>code_verifier</c>.</summary>
        public const string CodeVerifier = "code_verifier";
        /// <summary><c>refresh_token</c>.</summary>
        public const string RefreshToken = "refresh_token";
        /// <summary><c>scope</c>.</summary>
        public const string Scope = "scope";
        /// <summary><c>client_assertion</c>.</summary>
        public const string ClientAssertion = "client_assertion";
        /// <summary><c>client_assertion_type</c>.</summary>
        public const string ClientAssertionType = "client_assertion_type";
        /// <summary><c>token</c> (revocation and introspection).</summary>
        public const string Token = "token";
        /// <summary><c>token_type_hint</c> (revocation and introspection).</summary>
        public const string TokenTypeHint = "token_type_hint";
    }

    /// <summary>Token response fields (RFC 6749 §5.1, §5.2; OIDC Core §3.1.3.3).</summary>
    public static class TokenResponse
    {
        /// <summary><c>access_token</c>.</summary>
        public const string AccessToken = "access_token";
        /// <summary><c>token_type</c>.</summary>
        public const string TokenType = "token_type";
        /// <summary><c>expires_in</c>.</summary>
        public const string ExpiresIn = "expires_in";
        /// <summary><c>refresh_token</c>.</summary>
        public const string RefreshToken = "refresh_token";
        /// <summary><c>scope</c>.</summary>
        public const string Scope = "scope";
        /// <summary><c>id_token</c>.</summary>
        public const string IdToken = "id_token";
        /// <summary><c>error</c>.</summary>
        public const string Error = "error";
        /// <summary><c>error_description</c>.</summary>
        public const string ErrorDescription = "error_description";
        /// <summary><c>error_uri</c>.</summary>
        public const string ErrorUri = "error_uri";
        /// <summary>The <c>Bearer</c> token type (RFC 6750).</summary>
        public const string BearerTokenType = "Bearer";
    }

    /// <summary>Grant types.</summary>
    public static class GrantTypes
    {
        /// <summary><c>authorization_code</c>.</summary>
        public const string AuthorizationCode = "authorization_code";
        /// <summary><c>refresh_token</c>.</summary>
        public const string RefreshToken = "refresh_token";
        /// <summary><c>client_credentials</c>.</summary>
        public const string ClientCredentials = "client_credentials";
    }

    /// <summary>Client authentication methods at the token endpoint (RFC 7591 §2, OIDC Core §9).</summary>
    public static class ClientAuthenticationMethods
    {
        /// <summary><c>client_secret_basic</c> (RFC 6749 §2.3.1, the default).</summary>
        public const string ClientSecretBasic = "client_secret_basic";
        /// <summary><c>client_secret_post</c>.</summary>
        public const string ClientSecretPost = "client_secret_post";
        /// <summary><c>none</c> (public clients).</summary>
        public const string None = "none";
        /// <summary><c>client_secret_jwt</c> (RFC 7523, HMAC).</summary>
        public const string ClientSecretJwt = "client_secret_jwt";
        /// <summary><c>private_key_jwt</c> (RFC 7523, asymmetric).</summary>
        public const string PrivateKeyJwt = "private_key_jwt";
        /// <summary>The <c>client_assertion_type</c> of RFC 7523 §2.2.</summary>
        public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    }

    /// <summary>PKCE code challenge methods (RFC 7636 §4.2).</summary>
    public static class CodeChallengeMethods
    {
        /// <summary><c>S256</c>, the default.</summary>
        public const string S256 = "S256";
        /// <summary><c>plain</c>; sent only when configured.</summary>
        public const string Plain = "plain";
    }

    /// <summary>Error codes (RFC 6749 §4.1.2.1, §5.2).</summary>
    public static class Errors
    {
        /// <summary><c>access_denied</c>.</summary>
        public const string AccessDenied = "access_denied";
        /// <summary><c>invalid_grant</c>.</summary>
        public const string InvalidGrant = "invalid_grant";
        /// <summary><c>invalid_client</c>.</summary>
        public const string InvalidClient = "invalid_client";
        /// <summary><c>invalid_request</c>.</summary>
        public const string InvalidRequest = "invalid_request";
        /// <summary><c>unauthorized_client</c>.</summary>
        public const string UnauthorizedClient = "unauthorized_client";
        /// <summary><c>unsupported_grant_type</c>.</summary>
        public const string UnsupportedGrantType = "unsupported_grant_type";
        /// <summary><c>invalid_scope</c>.</summary>
        public const string InvalidScope = "invalid_scope";
        /// <summary><c>unsupported_token_type</c> (RFC 7009 §2.2.1).</summary>
        public const string UnsupportedTokenType = "unsupported_token_type";
    }

    /// <summary>The scope value that makes a request an OpenID Connect request.</summary>
    public const string OpenIdScope = "openid";
}
