namespace AuthActors.DevProvider;

/// <summary>
/// Non-standard response shapes of real providers, each the input that one of the Protocol's compliance
/// fixes (<c>AuthActors.Protocol.Compliance.Fixes</c>) corrects. A quirk changes only how the token
/// endpoint (or, for <see cref="TokenInQueryOnly"/>, the user endpoint) answers: codes stay single-use,
/// PKCE is still verified, and tokens are issued and stored as usual.
/// </summary>
public enum DevQuirk
{
    /// <summary>Standard RFC 6749 §5 responses.</summary>
    None,

    /// <summary>Facebook: success as <c>text/plain</c> <c>access_token=...&amp;expires=3600</c>, no <c>token_type</c>.</summary>
    FormEncodedToken,

    /// <summary>GitHub: errors as 200 JSON with <c>error</c>, <c>error_description</c> and <c>error_uri</c>.</summary>
    ErrorInSuccess,

    /// <summary>
    /// Slack <c>oauth.v2.access</c>: success as <c>{"ok":true,"app_id":..,"authed_user":{"id","scope","access_token","token_type":"user"},"team":{..}}</c>;
    /// errors as 200 <c>{"ok":false,"error":"invalid_code"}</c>.
    /// </summary>
    SlackShape,

    /// <summary>Fitbit: errors as <c>{"errors":[{"errorType":"invalid_grant","message":".."}],"success":false}</c>.</summary>
    FitbitErrors,

    /// <summary>Mailchimp: success as <c>{"access_token":..,"expires_in":0,"scope":null}</c>.</summary>
    MailchimpShape,

    /// <summary>Weibo and Douban: success without <c>token_type</c>.</summary>
    MissingTokenType,

    /// <summary>eBay: <c>token_type</c> is <c>"User Access Token"</c> (<c>"Application Access Token"</c> for client credentials).</summary>
    OddTokenType,

    /// <summary>Plentymarkets: <c>accessToken</c>, <c>tokenType</c>, <c>expiresIn</c>, <c>refreshToken</c>.</summary>
    CamelCaseKeys,

    /// <summary>Twitch: <c>"scope":["a","b"]</c>.</summary>
    ScopeArray,

    /// <summary>Weibo, Douban, Instagram: the user endpoint reads the token only from the <c>access_token</c> query parameter.</summary>
    TokenInQueryOnly,

    /// <summary>The token endpoint answers 500 with an HTML page, whatever happened.</summary>
    HtmlErrorPage,

    /// <summary>The token endpoint answers 200 with an empty body.</summary>
    EmptyBody,

    /// <summary>The token endpoint answers 200 <c>application/json</c> with a truncated object.</summary>
    GarbageBody,
}
