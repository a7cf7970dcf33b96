using System.Reflection;
using PublicApiGenerator;

namespace AuthActors.ApiApproval;

/// <summary>
/// Public API approval (PublicApiGenerator, as Akka.Hosting does): the public surface of a library, as C# text, must
/// equal <c>tests/{test project}/ApiApproval/{library}.approved.txt</c>. On a difference the test writes
/// <c>{library}.received.txt</c> beside it and fails; <c>AUTHACTORS_APPROVE_API=1</c> rewrites the approved files instead.
/// </summary>
internal static class ApiApprover
{
    public const string ApproveVariable = "AUTHACTORS_APPROVE_API";

    public static void Verify(Assembly library, Assembly tests)
    {
        var name = library.GetName().Name!;
        var directory = Path.Combine(RepositoryRoot(), "tests", tests.GetName().Name!, "ApiApproval");
        var approvedFile = Path.Combine(directory, name + ".approved.txt");
        var receivedFile = Path.Combine(directory, name + ".received.txt");
        var received = Normalize(library.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            File.WriteAllText(approvedFile, received);
            File.Delete(receivedFile);
            return;
        }

        var approved = File.Exists(approvedFile) ? Normalize(File.ReadAllText(approvedFile)) : null;
        if (approved == received)
        {
            File.Delete(receivedFile);
            return;
        }

        File.WriteAllText(receivedFile, received);
        Assert.Fail($"""
            The public API of {name} is not the approved one{(approved is null ? " (there is no approved file yet)" : string.Empty)}.
            Compare {receivedFile}
               with {approvedFile}
            If the change is intended, approve it and commit the approved file:
              {ApproveVariable}=1 dotnet test tests/{tests.GetName().Name} --filter "FullyQualifiedName~ApiApproval"
            """);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AuthActors.sln not found above " + AppContext.BaseDirectory);
    }
}
