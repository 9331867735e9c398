namespace VelesDb.Engine.Contract;

/// <summary>
/// Where a store lives, in the canonical form its provider gives it: a full file-system path for the
/// embedded engine, a URI for a server. Two locators of the same store are equal. It never holds a
/// secret, so it may be shown, logged and used as a key.
/// </summary>
/// <param name="Provider">The name of the provider that opens it (see <see cref="IStoreProvider.Name"/>).</param>
/// <param name="Canonical">The canonical form.</param>
public sealed record StoreLocator(string Provider, string Canonical)
{
    /// <inheritdoc/>
    public override string ToString() => Canonical;
}
