using VelesDb.Engine.Contract;
using VelesDb.Engine.Verification;

namespace VelesDb.Engine.Tests.Verification;

/// <summary>
/// A backend that only has <see cref="IVerifyingStore.Verify"/> still answers Check, with the first
/// damage its Verify throws as the report's one piece of damage, and says it cannot repair.
/// </summary>
public sealed class VerifyingStoreDefaultsTests
{
    private sealed class VerifyOnly(Func<long> verify) : IVerifyingStore
    {
        public long Verify() => verify();
    }

    [Fact]
    public void Check_of_a_backend_with_only_Verify_reports_what_Verify_counted()
    {
        IVerifyingStore store = new VerifyOnly(() => 42);

        var report = store.Check();

        Assert.True(report.IsHealthy);
        Assert.Equal(42, report.RecordsChecked);
    }

    [Fact]
    public void Check_of_a_backend_with_only_Verify_turns_its_first_damage_into_the_report()
    {
        IVerifyingStore store = new VerifyOnly(() => throw new StoreCorruptedException("/data/x.dat", 4096, "bad slot"));

        var damage = Assert.Single(store.Check().Damage);

        Assert.Null(damage.Key);
        Assert.Equal("/data/x.dat", damage.FilePath);
        Assert.Equal(4096, damage.Offset);
        Assert.Equal(DamageKind.Other, damage.Kind);
        Assert.Throws<NotSupportedException>(() => store.Repair());
    }
}
