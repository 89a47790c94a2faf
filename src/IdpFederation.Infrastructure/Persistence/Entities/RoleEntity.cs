namespace IdpFederation.Infrastructure.Persistence.Entities;

public sealed class RoleEntity
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Upper-invariant name carrying the unique index, so role names compare case-insensitively.</summary>
    public string NormalizedName { get; set; } = "";

    public List<UserRoleEntity> Members { get; set; } = [];
}
