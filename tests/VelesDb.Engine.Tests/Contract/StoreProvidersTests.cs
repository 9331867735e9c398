using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Contract;

/// <summary>Locators: which provider serves a location, and its canonical form.</summary>
public sealed class StoreProvidersTests : IDisposable
{
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_file_system_path_is_the_embedded_engine_at_its_full_path_without_a_trailing_separator()
    {
        var (provider, locator) = StoreProviders.Locate(_dir.StorePath + Path.DirectorySeparatorChar);
        Assert.Same(StoreProviders.Embedded, provider);
        Assert.Equal(new StoreLocator("Mmap", Path.GetFullPath(_dir.StorePath)), locator);
    }

    [Fact]
    public void A_file_uri_is_a_path_too()
    {
        var (_, locator) = StoreProviders.Locate(new Uri(_dir.StorePath).AbsoluteUri);
        Assert.Equal(Path.GetFullPath(_dir.StorePath), locator.Canonical);
    }

    [Fact]
    public void A_uri_of_a_scheme_no_provider_serves_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => StoreProviders.Locate("gopher://host/x"));
        Assert.Contains("gopher://host/x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_locator_names_its_provider()
    {
        var (_, locator) = StoreProviders.Locate(_dir.StorePath);
        Assert.Same(StoreProviders.Embedded, StoreProviders.For(locator));
        Assert.Throws<ArgumentException>(() => StoreProviders.For(new StoreLocator("Nowhere", "x")));
    }

    [Fact]
    public void The_embedded_engine_refuses_a_metric_fixed_at_creation()
    {
        var (provider, locator) = StoreProviders.Locate(_dir.StorePath);
        Assert.Throws<CapabilityNotSupportedException>(() => provider.Create(locator, new StoreCreateOptions { Dimension = 3, Metric = DistanceMetric.Euclidean }));
        Assert.False(Directory.Exists(_dir.StorePath));
    }
}
