using System.Net;
using System.Text.Json.Nodes;
using IdpFederation.Tests.Policies;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.Lockout;

/// <summary>
/// Two server processes behind an imagined load balancer, sharing one Redis: bad passwords counted on one instance
/// lock the account on the other, so an attacker cannot multiply the allowance by the number of nodes.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class SharedLockoutTests : IRequiresRedis
{
    [StateFact]
    public async Task Failures_on_instance_A_lock_the_account_on_instance_B()
    {
        var prefix = RedisTestEnvironment.UniquePrefix(nameof(SharedLockoutTests));
        var endpoint = RedisTestEnvironment.RequireEndpoint();
        void UseRedis(JsonObject config) => config["Idp"]!["State"] = new JsonObject { ["Redis"] = endpoint, ["KeyPrefix"] = prefix };

        var a = new PolicyServer(LockoutServerFixture.LockoutPolicy, configure: UseRedis);
        var b = new PolicyServer(LockoutServerFixture.LockoutPolicy, configure: UseRedis);
        try
        {
            await a.InitializeAsync();
            await b.InitializeAsync();

            using var onA = a.NewBrowser("198.51.100.50");
            var page = await onA.GetAsync(WsFederationClient.SignInUrl("ctx", "alice@contoso.com"));
            for (var i = 0; i < 3; i++)
            {
                page = await onA.SubmitAsync(page, new Dictionary<string, string> { ["Username"] = "alice@contoso.com", ["Password"] = "wrong" });
                Assert.Equal("Incorrect username or password.", page.Text("#login-error"));
            }

            // Right password, another unfamiliar address, the other instance: locked.
            using var onB = b.NewBrowser("198.51.100.51");
            var locked = await onB.SignInAsync("alice@contoso.com", PolicyServerFixture.Password);
            Assert.Equal(HttpStatusCode.OK, locked.Status);
            Assert.Equal("Incorrect username or password.", locked.Text("#login-error"));
            Assert.Null(locked.Field("wresult"));

            // Instance B itself works, and the count is per user.
            using var bob = b.NewBrowser("198.51.100.51");
            Assert.NotNull((await bob.SignInAsync("bob@contoso.com", PolicyServerFixture.Password)).Field("wresult"));
        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
            using var redis = RedisTestEnvironment.Connect(prefix);
            await RedisTestEnvironment.DeleteKeysAsync(redis.Database, prefix);
        }
    }
}
