namespace AuthActors.Engine.Attempts;

/// <summary>The states of an authorization attempt (DESIGN: the attempt state machine).</summary>
public enum AttemptPhase
{
    /// <summary>Nothing was ever persisted for this id.</summary>
    None,
    /// <summary>Begun; OAuth 1 is obtaining its request token (held in memory only).</summary>
    Started,
    /// <summary>OAuth 1 only: the request token is obtained (persisted together with <see cref="Redirected"/>).</summary>
    RequestTokenObtained,
    /// <summary>The authorize URL was handed out; waiting for the callback.</summary>
    Redirected,
    /// <summary>A callback was accepted; the one token request is in flight.</summary>
    Exchanging,
    /// <summary>Terminal: the token was obtained and the user identified.</summary>
    Exchanged,
    /// <summary>Terminal: the exchange failed.</summary>
    Failed,
    /// <summary>Terminal: the deadline passed without a valid callback.</summary>
    Expired,
    /// <summary>
    /// The token was obtained (and persisted); the identity is being established: the id_token validated,
    /// the user info fetched. A recovery in this phase resumes it without a second token request.
    /// </summary>
    Identifying,
}
