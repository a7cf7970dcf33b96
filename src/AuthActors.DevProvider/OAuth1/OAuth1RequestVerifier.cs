using System.Globalization;
using AuthActors.DevProvider.Stores;
using AuthActors.Protocol.Infrastructure;
using AuthActors.Protocol.OAuth1;
using AuthActors.Protocol.OAuth1.Rfc5849;
using P = AuthActors.Protocol.OAuth1.OAuth1Constants.Parameters;
using Problems = AuthActors.DevProvider.OAuth1.OAuth1Problems;

namespace AuthActors.DevProvider.OAuth1;

/// <summary>
/// Verifies a signed OAuth 1.0a request as a server does (RFC 5849 §3.2), reusing the Protocol's base
/// string and signature code: protocol parameters from the header, query or form; duplicates refused;
/// version, signature method, consumer, timestamp, token, signature, body hash and nonce checked in turn.
/// Pure apart from the nonce store, which it updates only for requests that verified.
/// </summary>
internal sealed class OAuth1RequestVerifier(TimeProvider clock, TimeSpan timestampWindow, NonceStore nonces)
{
    private static readonly string[] AlwaysRequired = [P.ConsumerKey, P.SignatureMethod, P.Signature];

    public OAuth1Verification Verify(
        OAuth1Request request,
        Func<string, DevOAuth1Client?> findConsumer,
        OAuth1TokenUse tokenUse,
        OAuth1TokenSecretLookup findTokenSecret)
    {
        ArgumentNullException.ThrowIfNull(request);

        // §3.5.1: the Authorization header, when it uses the OAuth scheme.
        IReadOnlyList<KeyValuePair<string, string>> header = [];
        if (request.Authorization is { } authorization &&
            authorization.StartsWith(OAuth1Constants.AuthorizationScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            if (AuthorizationHeader.TryParse(authorization) is not { } parsed)
            {
                return OAuth1Verification.Fail(400, Problems.ParameterRejected, Problems.Advice, "The OAuth Authorization header is malformed.");
            }

            header = parsed.Where(p => p.Key != P.Realm).ToList();
        }

        // §3.5: protocol parameters may travel in the header, the query (§3.5.3) or a form body (§3.5.2).
        var query = FormEncoding.Parse(QueryOf(request.Url));
        var protocol = header.Concat(query).Concat(request.Form ?? [])
            .Where(p => p.Key.StartsWith(P.Prefix, StringComparison.Ordinal))
            .ToList();

        // §3.1: each protocol parameter at most once.
        var duplicated = protocol.GroupBy(p => p.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicated.Count > 0)
        {
            return OAuth1Verification.Fail(400, Problems.ParameterRejected, Problems.ParametersRejected, string.Join('&', duplicated));
        }

        var parameters = protocol.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var methodName = parameters.GetValueOrDefault(P.SignatureMethod);
        var method = OAuth1SignatureMethods.FromWireName(methodName);

        // §3.1: timestamp and nonce may be omitted with PLAINTEXT only.
        var required = AlwaysRequired.AsEnumerable();
        if (method != OAuth1SignatureMethod.Plaintext)
        {
            required = required.Concat([P.Timestamp, P.Nonce]);
        }

        if (tokenUse == OAuth1TokenUse.Required)
        {
            required = required.Append(P.Token);
        }

        var absent = required.Where(name => string.IsNullOrEmpty(parameters.GetValueOrDefault(name))).ToList();
        if (absent.Count > 0)
        {
            return OAuth1Verification.Fail(400, Problems.ParameterAbsent, Problems.ParametersAbsent, string.Join('&', absent));
        }

        // §3.1: oauth_version is optional; when present it must be 1.0.
        if (parameters.TryGetValue(P.Version, out var version) && version != "1.0")
        {
            return OAuth1Verification.Fail(400, Problems.VersionRejected, Problems.AcceptableVersions, "1.0-1.0");
        }

        if (method is null)
        {
            return OAuth1Verification.Fail(400, Problems.SignatureMethodRejected);
        }

        var consumer = findConsumer(parameters[P.ConsumerKey]);
        if (consumer is null)
        {
            return OAuth1Verification.Fail(401, Problems.ConsumerKeyUnknown);
        }

        var isRsa = method is OAuth1SignatureMethod.RsaSha1 or OAuth1SignatureMethod.RsaSha256;
        if (isRsa && consumer.RsaPublicKey is null)
        {
            return OAuth1Verification.Fail(400, Problems.SignatureMethodRejected,
                Problems.Advice, "This consumer has no RSA public key registered.");
        }

        // §3.3: the timestamp must be within the window of the server's clock.
        var now = clock.GetUtcNow();
        if (parameters.TryGetValue(P.Timestamp, out var rawTimestamp) && !TimestampAcceptable(rawTimestamp, now))
        {
            var from = (now - timestampWindow).ToUnixTimeSeconds();
            var to = (now + timestampWindow).ToUnixTimeSeconds();
            return OAuth1Verification.Fail(401, Problems.TimestampRefused,
                Problems.AcceptableTimestamps, string.Create(CultureInfo.InvariantCulture, $"{from}-{to}"));
        }

        // §3.2: the token must be valid for this consumer; the temporary-credential request carries none.
        var token = parameters.GetValueOrDefault(P.Token);
        string? tokenSecret = null;
        if (!string.IsNullOrEmpty(token))
        {
            tokenSecret = tokenUse == OAuth1TokenUse.Required ? findTokenSecret(consumer.ConsumerKey, token) : null;
            if (tokenSecret is null)
            {
                return OAuth1Verification.Fail(401, Problems.TokenRejected);
            }
        }

        // §3.4: recompute over the request as received and compare (constant time, or RSA verification).
        var baseString = SignatureBaseString.Build(request.Method, request.Url,
            SignatureBaseString.CollectParameters(request.Url, header, request.Form));
        if (!Signatures.Verify(method.Value, baseString, parameters[P.Signature], consumer.ConsumerSecret, tokenSecret, consumer.RsaPublicKey))
        {
            return OAuth1Verification.Fail(401, Problems.SignatureInvalid);
        }

        // OAuth Request Body Hash §3.2: only for non-form bodies; it must match the body received.
        if (parameters.TryGetValue(P.BodyHash, out var bodyHash))
        {
            if (request.Form is not null)
            {
                return OAuth1Verification.Fail(400, Problems.ParameterRejected, Problems.ParametersRejected, P.BodyHash);
            }

            if (!ConstantTime.Equals(Signatures.BodyHash(method.Value, request.Body ?? string.Empty), bodyHash))
            {
                return OAuth1Verification.Fail(401, Problems.SignatureInvalid, Problems.Advice, "oauth_body_hash does not match the body.");
            }
        }

        // §3.3: a nonce is unique per consumer, token and timestamp. Recorded last, so that requests that
        // failed verification cannot burn a legitimate client's nonce.
        if (parameters.TryGetValue(P.Nonce, out var nonce) &&
            !nonces.TryUse(consumer.ConsumerKey, token, rawTimestamp ?? string.Empty, nonce, now + timestampWindow + timestampWindow, now))
        {
            return OAuth1Verification.Fail(401, Problems.NonceUsed);
        }

        return new() { Consumer = consumer, Token = string.IsNullOrEmpty(token) ? null : token, Parameters = parameters };
    }

    private static string? QueryOf(string url)
    {
        var q = url.IndexOf('?');
        if (q < 0)
        {
            return null;
        }

        var hash = url.IndexOf('#', q);
        return hash < 0 ? url[(q + 1)..] : url[(q + 1)..hash];
    }

    private bool TimestampAcceptable(string raw, DateTimeOffset now)
    {
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return (sent - now).Duration() <= timestampWindow;
    }
}
