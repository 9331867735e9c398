using System.Collections;
using System.Management.Automation;

namespace VelesDb.PowerShell;

/// <summary>
/// Binds an id parameter (<see cref="VectorId"/> or <c>VectorId[]</c>) from whatever is given as an
/// id, valid or not, so that the binding never fails on a bad id: the cmdlet reports it per record
/// as VelesDb.InvalidId. Conversion is <see cref="VectorId.From"/>.
/// </summary>
/// <remarks>
/// A transformation rather than a type converter: PowerShell runs it also in its first, uncoerced
/// pass over a pipeline object's properties, so an Id property binds in the same pass as Vector and
/// the store's Path, as it did when the parameter was a <c>ulong</c>. An object that is not given as
/// an id (an Import-Csv row piped by value to Get-VelesVector) is declined with an invalid cast,
/// which PowerShell takes as "bind this object by property name instead".
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class VectorIdTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case VectorId or VectorId[]:
                return value;
            case IList list:
                // Several ids at once, as in -Id 1, 2, 3.
                var ids = new VectorId[list.Count];
                for (var i = 0; i < ids.Length; i++)
                {
                    ids[i] = Convert(list[i]);
                }

                return ids;
            default:
                return Convert(inputData);
        }
    }

    private static VectorId Convert(object? item)
    {
        if (item is null || VectorId.IsGivenAsId(item))
        {
            return VectorId.From(item);
        }

        var message = $"A {(item is PSObject wrapped ? wrapped.BaseObject : item).GetType().Name} is not given as an id; its Id property is.";
        throw new ArgumentTransformationMetadataException(message, new PSInvalidCastException(message));
    }
}
