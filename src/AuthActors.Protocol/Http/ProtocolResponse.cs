namespace AuthActors.Protocol.Http;

/// <summary>
/// The base of every parsed protocol response (Duende's <c>ProtocolResponse</c>): either a success, or an
/// <see cref="OAuthError"/> with its kind. Parsers return these and never throw for bad input.
/// </summary>
public abstract record ProtocolResponse
{
    /// <summary>The failure, or <c>null</c> on success.</summary>
    public OAuthError? Error { get; init; }

    /// <summary>True when <see cref="Error"/> is set.</summary>
    public bool IsError => Error is not null;

    /// <summary>The kind of failure, <see cref="ErrorKind.None"/> on success.</summary>
    public ErrorKind Kind => Error?.Kind ?? ErrorKind.None;

    /// <summary>The HTTP status of the response that was parsed, or <c>null</c> when none arrived.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>
    /// The raw response body. It may contain credentials: keep it out of logs; <see cref="ToString"/>
    /// never prints it.
    /// </summary>
    public string? Raw { get; init; }

    /// <summary>Prints the status and the error, never <see cref="Raw"/>.</summary>
    protected virtual bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("HttpStatus = ").Append(HttpStatus).Append(", Error = ").Append(Error);
        return true;
    }
}
