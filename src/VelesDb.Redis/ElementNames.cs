using System.Text;
using StackExchange.Redis;
using VelesDb.Engine.Contract;

namespace VelesDb.Redis;

/// <summary>
/// How a record key becomes a vector-set element name and back. An integer key is its canonical
/// decimal text ("42"); a text key is its own UTF-8 text, unchanged. The two never collide because
/// a text key is by definition never a canonical integer (<see cref="RecordKey.FromText"/> turns
/// "42" into the integer key 42, while "042", " 42" and "doc-1" stay text), so decoding an element
/// name with the same rule gives back the kind it was written as. Keeping names unprefixed lets any
/// other Redis client read and write the same records by the names a user knows.
/// </summary>
internal static class ElementNames
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RedisValue Of(RecordKey key) =>
        key.IsText ? (RedisValue)key.TextUtf8() : (RedisValue)key.ToString();

    /// <summary>The key an element name holds; false for a name no VelesDb key could have written (empty, too long, not UTF-8).</summary>
    public static bool TryParse(RedisValue name, out RecordKey key)
    {
        key = default;
        if (name.IsNull)
        {
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString((byte[])name!);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return RecordKey.TryFromText(text, out key, out _);
    }
}
