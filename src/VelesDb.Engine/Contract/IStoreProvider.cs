namespace VelesDb.Engine.Contract;

/// <summary>
/// Opens and creates the stores of one backend. Each provider claims the locators it understands;
/// <see cref="StoreProviders"/> picks the one that claims a locator.
/// </summary>
public interface IStoreProvider
{
    /// <summary>The provider's name, as in <see cref="StoreLocator.Provider"/> (for example "Mmap").</summary>
    string Name { get; }

    /// <summary>
    /// The canonical locator for <paramref name="location"/> when this provider serves it: for a
    /// file-system provider a full path, for a server a URI of its scheme. False otherwise.
    /// </summary>
    bool TryLocate(string location, out StoreLocator locator);

    /// <summary>Creates a new store; fails when one is there already.</summary>
    IVectorStore Create(StoreLocator locator, StoreCreateOptions options);

    /// <summary>Opens an existing store; fails when there is none.</summary>
    IVectorStore Open(StoreLocator locator, StoreOpenOptions options);
}
