using System.Collections.Immutable;
using Akka.Serialization;

namespace AuthActors.Engine.Serialization;

/// <summary>Binds <see cref="IAuthActorsMessage"/> to the <see cref="AuthActorsSerializer"/>.</summary>
public static class AuthActorsSerialization
{
    /// <summary>The alias of the serializer binding.</summary>
    public const string Alias = "authactors";

    /// <summary>
    /// A <see cref="SerializationSetup"/> for an <c>ActorSystemSetup</c> (tests, plain actor systems). With
    /// Akka.Hosting use <c>WithCustomSerializer</c> instead (the hosting layer does).
    /// </summary>
    public static SerializationSetup Setup(FieldEncryptor encryptor) =>
        SerializationSetup.Create(system => ImmutableHashSet.Create(
            SerializerDetails.Create(Alias, new AuthActorsSerializer(system, encryptor), ImmutableHashSet.Create(typeof(IAuthActorsMessage)))));
}
