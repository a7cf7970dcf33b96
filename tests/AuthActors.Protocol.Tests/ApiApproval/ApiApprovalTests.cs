using AuthActors.ApiApproval;

namespace AuthActors.Protocol.Tests.ApiApproval;

/// <summary>The public API of AuthActors.Protocol is the approved one (see <see cref="ApiApprover"/>).</summary>
public sealed class ApiApprovalTests
{
    [Fact]
    public void The_public_api_of_AuthActors_Protocol_is_approved() =>
        ApiApprover.Verify(typeof(OAuthClient).Assembly, typeof(ApiApprovalTests).Assembly);
}
