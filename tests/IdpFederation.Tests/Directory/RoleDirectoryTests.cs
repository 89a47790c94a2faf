using IdpFederation.Core.Directory;

namespace IdpFederation.Tests.Directory;

/// <summary>Role membership through IUserDirectory, run once per engine; each test uses its own role names.</summary>
public abstract class RoleDirectoryTests<TFixture> : IClassFixture<TFixture> where TFixture : DirectoryDatabaseFixture
{
    private readonly TFixture _fixture;

    protected RoleDirectoryTests(TFixture fixture) => _fixture = fixture;

    private IUserDirectory Directory => _fixture.Directory;

    private static string NewRole() => "role-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<string> NewUserAsync(params string[] roles)
    {
        var upn = $"member{Guid.NewGuid():N}@contoso.com";
        await Directory.CreateAsync(new NewUser { UserPrincipalName = upn, Roles = roles });
        return upn;
    }

    [DatabaseFact]
    public async Task Adding_a_member_creates_the_role_and_lists_it()
    {
        var role = NewRole();
        var alice = await NewUserAsync();
        var bob = await NewUserAsync();

        await Directory.AddRoleMemberAsync(role, alice);
        await Directory.AddRoleMemberAsync(role.ToUpperInvariant(), bob.ToUpperInvariant());

        var listed = (await Directory.ListRolesAsync()).Single(r => r.Name == role);
        Assert.Equal(new[] { alice, bob }.Order(StringComparer.OrdinalIgnoreCase), listed.Members);
        Assert.Contains(role, (await Directory.FindByUpnAsync(bob))!.Roles);
    }

    [DatabaseFact]
    public async Task Adding_an_existing_member_again_changes_nothing()
    {
        var role = NewRole();
        var alice = await NewUserAsync(role);

        await Directory.AddRoleMemberAsync(role, alice);

        Assert.Equal([alice], (await Directory.ListRolesAsync()).Single(r => r.Name == role).Members);
    }

    [DatabaseFact]
    public async Task Removing_the_last_member_removes_the_role()
    {
        var role = NewRole();
        var alice = await NewUserAsync(role);
        var bob = await NewUserAsync(role);

        await Directory.RemoveRoleMemberAsync(role, alice);
        Assert.Equal([bob], (await Directory.ListRolesAsync()).Single(r => r.Name == role).Members);
        Assert.Empty((await Directory.FindByUpnAsync(alice))!.Roles);

        await Directory.RemoveRoleMemberAsync(role.ToUpperInvariant(), bob);
        Assert.DoesNotContain(await Directory.ListRolesAsync(), r => r.Name == role);
    }

    [DatabaseFact]
    public async Task Deleting_a_user_removes_their_memberships()
    {
        var role = NewRole();
        var shared = NewRole();
        var alice = await NewUserAsync(role, shared);
        var bob = await NewUserAsync(shared);

        await Directory.DeleteAsync(alice);

        var roles = await Directory.ListRolesAsync();
        Assert.DoesNotContain(roles, r => r.Name == role);
        Assert.Equal([bob], roles.Single(r => r.Name == shared).Members);
    }

    [DatabaseFact]
    public async Task Membership_changes_name_what_is_missing()
    {
        var role = NewRole();
        var alice = await NewUserAsync(role);
        var bob = await NewUserAsync();

        var unknownRole = await Assert.ThrowsAsync<DirectoryException>(() => Directory.RemoveRoleMemberAsync(NewRole(), alice));
        var notMember = await Assert.ThrowsAsync<DirectoryException>(() => Directory.RemoveRoleMemberAsync(role, bob));
        var unknownUserRemove = await Assert.ThrowsAsync<DirectoryException>(() => Directory.RemoveRoleMemberAsync(role, "ghost@contoso.com"));
        var unknownUserAdd = await Assert.ThrowsAsync<DirectoryException>(() => Directory.AddRoleMemberAsync(NewRole(), "ghost@contoso.com"));
        var badName = await Assert.ThrowsAsync<DirectoryException>(() => Directory.AddRoleMemberAsync("bad role!", alice));

        Assert.Equal(DirectoryError.RoleNotFound, unknownRole.Error);
        Assert.Equal(DirectoryError.RoleMemberNotFound, notMember.Error);
        Assert.Equal(DirectoryError.UserNotFound, unknownUserRemove.Error);
        Assert.Equal(DirectoryError.UserNotFound, unknownUserAdd.Error);
        Assert.Equal(DirectoryError.InvalidAttribute, badName.Error);
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteRoleDirectoryTests(SqliteDatabaseFixture fixture) : RoleDirectoryTests<SqliteDatabaseFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresRoleDirectoryTests(PostgresDatabaseFixture fixture)
    : RoleDirectoryTests<PostgresDatabaseFixture>(fixture), IRequiresPostgres;
