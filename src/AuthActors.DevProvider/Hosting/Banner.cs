using System.Text;

namespace AuthActors.DevProvider;

/// <summary>The startup banner of the standalone dev provider: URLs and client ids, never secrets.</summary>
internal static class Banner
{
    public static string For(DevProviderServer server)
    {
        var sb = new StringBuilder()
            .AppendLine($"AuthActors Dev Provider listening on {server.BaseUrl}")
            .AppendLine($"  issuer                {server.Issuer}")
            .AppendLine($"  metadata              {server.MetadataUrl}")
            .AppendLine($"  oidc discovery        {server.OidcDiscoveryUrl}")
            .AppendLine($"  jwks                  {server.JwksUrl}")
            .AppendLine($"  oauth2 authorize      {server.OAuth2AuthorizeUrl}")
            .AppendLine($"  oauth2 token          {server.OAuth2TokenUrl}")
            .AppendLine($"  oauth2 revoke         {server.OAuth2RevocationUrl}")
            .AppendLine($"  oauth2 introspect     {server.OAuth2IntrospectionUrl}")
            .AppendLine($"  oauth2 userinfo       {server.OAuth2UserInfoUrl}")
            .AppendLine($"  api base              {server.ApiBaseUrl}")
            .AppendLine($"  oauth1 request_token  {server.OAuth1RequestTokenUrl}")
            .AppendLine($"  oauth1 authorize      {server.OAuth1AuthorizeUrl}")
            .AppendLine($"  oauth1 access_token   {server.OAuth1AccessTokenUrl}")
            .AppendLine($"  oauth1 user           {server.OAuth1UserUrl}")
            .AppendLine($"  counters              {server.BaseUrl}{DevProviderPaths.DevCounters}");
        sb.AppendLine("OAuth 2 clients: " + string.Join(", ", server.Options.OAuth2Clients.Select(c => c.ClientId)));
        sb.AppendLine("OAuth 1 consumers: " + string.Join(", ", server.Options.OAuth1Clients.Select(c => c.ConsumerKey)));
        sb.Append("Press Ctrl+C to stop.");
        return sb.ToString();
    }
}
