namespace VelesDb.PowerShell;

/// <summary>
/// Where Get-Help -Online finds each cmdlet's help: its page in docs/en-US of the project, under
/// the manifest's ProjectUri. The front matter of each page names the same address.
/// </summary>
internal static class HelpLinks
{
    /// <summary>The folder of the help pages; a cmdlet's page is its name with ".md".</summary>
    public const string Docs = "https://github.com/velesdb/VelesDb.PowerShell/blob/main/docs/en-US/";
}
