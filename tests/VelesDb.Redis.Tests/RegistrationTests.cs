namespace VelesDb.Redis.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void Once_registered_the_provider_serves_server_locations_and_leaves_paths_to_the_embedded_engine()
    {
        StoreProviders.Register(new RedisStoreProvider());

        var (provider, locator) = StoreProviders.Locate("redis://u:pw@Example.org:6380/docs");
        Assert.IsType<RedisStoreProvider>(provider);
        Assert.Equal("redis://example.org:6380/docs", locator.Canonical);
        Assert.Same(provider, StoreProviders.For(locator));
        Assert.Same(StoreProviders.Embedded, StoreProviders.Locate("./local-store").Provider);
    }
}
