namespace AuthActors.Engine;

/// <summary>
/// The root of every message and event AuthActors sends or persists. It binds them to the AuthActors
/// serializer (explicit, versioned manifests over System.Text.Json), never to Newtonsoft's default.
/// </summary>
public interface IAuthActorsMessage;
