namespace AuthActors.DevProvider.Hosting;

/// <summary>One mapping of the provider: its state and the path prefix it was mapped under.</summary>
internal sealed class DevRoutes(DevProviderState state, string prefix)
{
    public DevProviderState State => state;

    public string Prefix => prefix;

    /// <summary>The provider's root URL: <see cref="DevProviderState.BaseUrl"/>, or scheme://host + PathBase + prefix of this request.</summary>
    public string Root(HttpContext context) =>
        state.BaseUrl ?? $"{context.Request.Scheme}://{context.Request.Host.Value}{context.Request.PathBase.ToUriComponent()}{prefix}";

    /// <summary>The issuer (RFC 8414 §2): configured, or the root URL.</summary>
    public string Issuer(HttpContext context) => state.Options.Issuer ?? Root(context);

    /// <summary>The absolute URL of one of <see cref="DevProviderPaths"/>.</summary>
    public string Url(HttpContext context, string path) => Root(context) + path;

    /// <summary>The server-relative path of one of <see cref="DevProviderPaths"/>, for HTML form actions.</summary>
    public string LocalPath(HttpContext context, string path) => context.Request.PathBase.ToUriComponent() + prefix + path;
}
