using AuthActors.ApiApproval;

namespace AuthActors.Cluster.Tests.ApiApproval;

/// <summary>The public API of the optional host packages is the approved one (see <see cref="ApiApprover"/>).</summary>
public sealed class ApiApprovalTests
{
    [Fact]
    public void The_public_api_of_AuthActors_Hosting_PostgreSql_is_approved() =>
        ApiApprover.Verify(typeof(Hosting.PostgreSql.AuthActorsPostgreSqlExtensions).Assembly, typeof(ApiApprovalTests).Assembly);

    [Fact]
    public void The_public_api_of_AuthActors_Hosting_Cluster_is_approved() =>
        ApiApprover.Verify(typeof(Hosting.Cluster.AuthActorsClusterExtensions).Assembly, typeof(ApiApprovalTests).Assembly);
}
