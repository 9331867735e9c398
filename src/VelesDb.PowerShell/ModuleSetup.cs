using System.Management.Automation;
using VelesDb.Engine.Contract;
using VelesDb.Redis;

namespace VelesDb.PowerShell;

/// <summary>Registers the server backend when the module is imported, so redis:// and rediss:// locations resolve.</summary>
public sealed class ModuleSetup : IModuleAssemblyInitializer
{
    /// <inheritdoc/>
    public void OnImport() => StoreProviders.Register(new RedisStoreProvider());
}
