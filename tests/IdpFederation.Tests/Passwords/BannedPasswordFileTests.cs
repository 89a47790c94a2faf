using IdpFederation.Core.Configuration;
using IdpFederation.Core.Passwords;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Passwords;

namespace IdpFederation.Tests.Passwords;

/// <summary>Idp:PasswordPolicy:BannedPasswordsFile read from a real config directory.</summary>
[Trait("Kind", "Integration")]
public sealed class BannedPasswordFileTests : IDisposable
{
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-banned-").FullName;

    private IdpPaths Paths => IdpPaths.Resolve(Path.Combine(_root, "config"), "data");

    public BannedPasswordFileTests() => System.IO.Directory.CreateDirectory(Path.Combine(_root, "config"));

    public void Dispose() => System.IO.Directory.Delete(_root, recursive: true);

    [Fact]
    public void Without_a_file_the_built_in_list_is_used() =>
        Assert.Same(BannedPasswordList.BuiltIn, BannedPasswordFile.Load(new PasswordPolicyOptions(), Paths));

    [Fact]
    public void A_file_relative_to_the_config_directory_adds_to_the_built_in_list()
    {
        File.WriteAllText(Path.Combine(_root, "config", "local-banned.txt"), "# Our own\nContoso-Sydney-2026\r\n\nfabrikam rocks 1\n");

        var list = BannedPasswordFile.Load(new PasswordPolicyOptions { BannedPasswordsFile = "local-banned.txt" }, Paths);

        Assert.True(list.Contains("CONTOSO-SYDNEY-2026"));
        Assert.True(list.Contains("Fabrikam Rocks 1"));
        Assert.True(list.Contains("password123!"));
        Assert.Equal(BannedPasswordList.BuiltIn.Count + 2, list.Count);
    }

    [Fact]
    public void A_named_file_that_does_not_exist_stops_start_up_naming_the_setting()
    {
        var error = Assert.Throws<InvalidDataException>(
            () => BannedPasswordFile.Load(new PasswordPolicyOptions { BannedPasswordsFile = "missing.txt" }, Paths));

        Assert.Equal($"Idp:PasswordPolicy:BannedPasswordsFile: '{Path.Combine(_root, "config", "missing.txt")}' does not exist.", error.Message);
    }
}
