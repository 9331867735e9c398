namespace VelesDb.Redis.Tests;

public sealed class LocatorTests
{
    private readonly RedisStoreProvider _provider = new();

    [Theory]
    [InlineData("redis://LOCALHOST:6380/vectors", "redis://localhost:6380/vectors")]
    [InlineData("REDIS://localhost/vectors", "redis://localhost:6379/vectors")]
    [InlineData("rediss://user:secret@db.example:7000/docs", "rediss://db.example:7000/docs")]
    [InlineData("redis://127.0.0.1:6379/my%20store", "redis://127.0.0.1:6379/my%20store")]
    public void Server_locations_have_one_canonical_form_without_any_password(string location, string canonical)
    {
        Assert.True(_provider.TryLocate(location, out var locator));
        Assert.Equal(canonical, locator.Canonical);
        Assert.Equal("Redis", locator.Provider);
        Assert.DoesNotContain("secret", locator.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tmp/store")]
    [InlineData("./store")]
    [InlineData("file:///tmp/store")]
    [InlineData("mem://x")]
    public void Other_locations_are_left_to_other_providers(string location) =>
        Assert.False(_provider.TryLocate(location, out _));

    [Fact]
    public void A_server_location_without_a_store_name_is_refused_without_quoting_the_password()
    {
        var e = Assert.Throws<ArgumentException>(() => _provider.TryLocate("redis://u:hunter2@localhost:6379/", out _));
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_user_and_password_of_a_location_are_kept_apart_from_its_canonical_form()
    {
        var location = RedisLocation.Parse("redis://alice:p%40ss@localhost:6379/v");
        Assert.Equal("alice", location.Credential!.UserName);
        Assert.Equal("p@ss", location.Credential.Password);
        Assert.DoesNotContain("p@ss", location.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://bob:hunter2@127.0.0.1:99999/x", "redis://***@127.0.0.1:99999/x")]
    [InlineData("redis://bob:hun@ter2@host/x", "redis://***@host/x")]
    [InlineData("redis:/bob:hunter2@host/x", "redis:***@host/x")]
    [InlineData("redis:bob:hunter2@host/x", "***@host/x")]
    [InlineData("bob:hunter2@host", "***@host")]
    [InlineData("redis://host:6379/x", "redis://host:6379/x")]
    public void Redacting_a_location_drops_its_user_information_even_when_it_is_no_valid_uri(string location, string shown)
    {
        Assert.Equal(shown, RedisStoreProvider.Redact(location));
        Assert.DoesNotContain("hunter2", RedisStoreProvider.Redact(location), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42", false)]
    [InlineData("042", true)]
    [InlineData("doc-1", true)]
    [InlineData("18446744073709551615", false)]
    [InlineData("18446744073709551616", true)]
    public void Element_names_decode_to_the_kind_of_key_they_were_written_from(string text, bool isText)
    {
        var key = RecordKey.FromText(text);
        Assert.True(ElementNames.TryParse(ElementNames.Of(key), out var back));
        Assert.Equal(key, back);
        Assert.Equal(isText, back.IsText);
    }
}
