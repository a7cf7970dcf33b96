using Akka.Actor;

namespace AuthActors.Engine.Entities.Internal;

/// <summary>
/// Props for an entity made by a plain constructor call. <c>Props.Create(() => new T(...))</c> reads its arguments
/// out of an expression tree for every props and builds each incarnation through reflection; a login creates two
/// entities (its attempt and its grant), so it would pay that twice.
/// </summary>
internal sealed class EntityProducer<TActor>(Func<TActor> create) : IIndirectActorProducer
    where TActor : ActorBase
{
    public Type ActorType => typeof(TActor);

    public static Props Props(Func<TActor> create) => Akka.Actor.Props.CreateBy(new EntityProducer<TActor>(create));

    public ActorBase Produce() => create();

    public void Release(ActorBase actor)
    {
    }
}
