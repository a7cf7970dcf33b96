namespace AuthActors.Protocol.OAuth1;

/// <summary>Wire names of OAuth 1.0a (RFC 5849).</summary>
public static class OAuth1Constants
{
    /// <summary>Protocol parameters (RFC 5849 §3.1, §2).</summary>
    public static class Parameters
    {
        /// <summary><c>oauth_consumer_key</c>.</summary>
        public const string ConsumerKey = "oauth_consumer_key";
        /// <summary><c>oauth_token</c>.</summary>
        public const string Token = "oauth_token";
        /// <summary><c>oauth_token_secret</c>.</summary>
        public const string TokenSecret = "oauth_token_secret";
        /// <summary><c>oauth_signature_method</c>.</summary>
        public const string SignatureMethod = "oauth_signature_method";
        /// <summary><c>oauth_signature</c>.</summary>
        public const string Signature = "oauth_signature";
        /// <summary><c>oauth_timestamp</c>.</summary>
        public const string Timestamp = "oauth_timestamp";
        /// <summary><c>oauth_nonce</c>.</summary>
        public const string Nonce = "oauth_nonce";
        /// <summary><c>oauth_version</c>.</summary>
        public const string Version = "oauth_version";
        /// <summary><c>oauth_callback</c>.</summary>
        public const string Callback = "oauth_callback";
        /// <summary><c>oauth_callback_confirmed</c>.</summary>
        public const string CallbackConfirmed = "oauth_callback_confirmed";
        /// <summary><c>oauth_verifier</c>.</summary>
        public const string Verifier = "oauth_verifier";
        /// <summary><c>oauth_body_hash</c> (OAuth Request Body Hash, draft-eaton-oauth-bodyhash).</summary>
        public const string BodyHash = "oauth_body_hash";
        /// <summary><c>realm</c>, only in the Authorization header and never signed.</summary>
        public const string Realm = "realm";
        /// <summary>The prefix of every protocol parameter.</summary>
        public const string Prefix = "oauth_";
        /// <summary><c>denied</c>: what X/Twitter puts in the callback when the user refuses.</summary>
        public const string Denied = "denied";
    }

    /// <summary>Values of <c>oauth_signature_method</c> (RFC 5849 §3.4).</summary>
    public static class SignatureMethods
    {
        /// <summary><c>HMAC-SHA1</c> (§3.4.2).</summary>
        public const string HmacSha1 = "HMAC-SHA1";
        /// <summary><c>HMAC-SHA256</c> (widely deployed extension).</summary>
        public const string HmacSha256 = "HMAC-SHA256";
        /// <summary><c>RSA-SHA1</c> (§3.4.3).</summary>
        public const string RsaSha1 = "RSA-SHA1";
        /// <summary><c>RSA-SHA256</c> (widely deployed extension).</summary>
        public const string RsaSha256 = "RSA-SHA256";
        /// <summary><c>PLAINTEXT</c> (§3.4.4).</summary>
        public const string Plaintext = "PLAINTEXT";
    }

    /// <summary>
    /// <c>oauth_problem</c> values of the OAuth Problem Reporting extension (wiki.oauth.net ProblemReporting) that say a
    /// token is spent: what a server answers when a request token is exchanged a second time.
    /// </summary>
    public static class Problems
    {
        /// <summary><c>token_used</c>: the token has been consumed.</summary>
        public const string TokenUsed = "token_used";
        /// <summary><c>token_rejected</c>: the token is not (or no longer) acceptable.</summary>
        public const string TokenRejected = "token_rejected";
    }

    /// <summary>The <c>Authorization</c> header scheme (§3.5.1).</summary>
    public const string AuthorizationScheme = "OAuth";

    /// <summary>The value of <c>oauth_callback</c> when no callback is used (§2.1).</summary>
    public const string OutOfBand = "oob";
}
