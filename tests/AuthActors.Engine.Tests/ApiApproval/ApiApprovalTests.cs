using AuthActors.ApiApproval;

namespace AuthActors.Engine.Tests.ApiApproval;

/// <summary>The public API of AuthActors.Engine and AuthActors.Hosting is the approved one (see <see cref="ApiApprover"/>).</summary>
public sealed class ApiApprovalTests
{
    [Fact]
    public void The_public_api_of_AuthActors_Engine_is_approved() =>
        ApiApprover.Verify(typeof(Flows.IAuthFlows).Assembly, typeof(ApiApprovalTests).Assembly);

    [Fact]
    public void The_public_api_of_AuthActors_Hosting_is_approved() =>
        ApiApprover.Verify(typeof(Hosting.AuthActorsBuilder).Assembly, typeof(ApiApprovalTests).Assembly);
}
