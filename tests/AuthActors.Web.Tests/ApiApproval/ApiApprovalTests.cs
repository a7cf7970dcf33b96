using AuthActors.ApiApproval;

namespace AuthActors.Web.Tests.ApiApproval;

/// <summary>The public API of AuthActors.AspNetCore is the approved one (see <see cref="ApiApprover"/>).</summary>
public sealed class ApiApprovalTests
{
    [Fact]
    public void The_public_api_of_AuthActors_AspNetCore_is_approved() =>
        ApiApprover.Verify(typeof(AspNetCore.AuthActorsEndpointOptions).Assembly, typeof(ApiApprovalTests).Assembly);
}
