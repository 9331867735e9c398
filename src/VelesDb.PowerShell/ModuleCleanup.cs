using System.Management.Automation;

namespace VelesDb.PowerShell;

/// <summary>Closes every store the module opened when the module is removed (Remove-Module).</summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    /// <inheritdoc/>
    public void OnRemove(PSModuleInfo psModuleInfo) => StoreRegistry.CloseAll();
}
