using System.Collections.Concurrent;

namespace VelesDb.Engine.Filters;

/// <summary>
/// The distinct strings held by attribute columns, each stored once under a small id and counted
/// by its users, so a column keeps 4 bytes per string value and equality is an integer compare.
/// One writer acquires and releases; any number of readers look strings up meanwhile. A released
/// id may be handed out again, but only after no slot holds it.
/// </summary>
internal sealed class StringPool
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Stack<int> _free = new();
    private string?[] _texts = new string?[64];
    private int[] _users = new int[64];
    private int _count;

    /// <summary>Distinct strings held.</summary>
    public int Count => _ids.Count;

    /// <summary>The id of <paramref name="text"/>, one more user of it (writer only).</summary>
    public int Acquire(string text)
    {
        if (_ids.TryGetValue(text, out var id))
        {
            _users[id]++;
            return id;
        }

        if (!_free.TryPop(out id))
        {
            id = _count++;
            if (id == _texts.Length)
            {
                var texts = new string?[_texts.Length * 2];
                Array.Copy(_texts, texts, _texts.Length);
                Array.Resize(ref _users, texts.Length);
                Volatile.Write(ref _texts, texts);
            }
        }

        _users[id] = 1;
        Volatile.Write(ref _texts[id], text);
        _ids[text] = id;
        return id;
    }

    /// <summary>One user fewer of <paramref name="id"/>; the last one frees it (writer only).</summary>
    public void Release(int id)
    {
        if (--_users[id] > 0)
        {
            return;
        }

        var text = _texts[id]!;
        _ids.TryRemove(text, out _);
        Volatile.Write(ref _texts[id], null);
        _free.Push(id);
    }

    /// <summary>The id of <paramref name="text"/>, or -1 when no slot holds it.</summary>
    public int Find(string text) => _ids.TryGetValue(text, out var id) ? id : -1;

    /// <summary>The string of <paramref name="id"/>, or null when it is no longer held (a slot changed meanwhile).</summary>
    public string? Text(int id)
    {
        var texts = Volatile.Read(ref _texts);
        return (uint)id < (uint)texts.Length ? Volatile.Read(ref texts[id]) : null;
    }
}
