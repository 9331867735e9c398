namespace VelesDb.Engine.Filters;

/// <summary>
/// The distinct strings held by attribute columns, each stored once under a small id and counted
/// by its users, so a column keeps 4 bytes per string value and equality is an integer compare.
/// Ids are found by an open-addressing table of ids (no node per string): about 20 bytes per
/// distinct string besides the string itself.
/// <para>
/// One writer acquires and releases; any number of readers find and read meanwhile. The writer
/// fills an entry before it points the table at it, replaces arrays whole when they grow, and
/// frees an id only when no slot holds it, so a reader at worst misses a string a slot is being
/// given right then.
/// </para>
/// </summary>
internal sealed class StringPool
{
    private const int Empty = 0;
    private const int Removed = -1;

    private readonly Stack<int> _free = new();
    private int[] _table = new int[128];
    private int _occupied;
    private string?[] _texts = new string?[64];
    private int[] _hashes = new int[64];
    private int[] _users = new int[64];
    private int _count;
    private int _live;

    /// <summary>Distinct strings held.</summary>
    public int Count => _live;

    /// <summary>The id of <paramref name="text"/>, one more user of it (writer only).</summary>
    public int Acquire(string text) => Acquire(text, text.AsSpan());

    /// <summary>
    /// As <see cref="Acquire(string)"/> for valid UTF-8 text; a string is made only for text the pool
    /// does not hold yet (writer only).
    /// </summary>
    public int Acquire(ReadOnlySpan<byte> utf8)
    {
        const int OnStack = 256;
        if (utf8.Length > OnStack)
        {
            return Acquire(System.Text.Encoding.UTF8.GetString(utf8));
        }

        Span<char> chars = stackalloc char[OnStack];
        var length = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        return Acquire(null, chars[..length]);
    }

    private int Acquire(string? text, ReadOnlySpan<char> chars)
    {
        var hash = string.GetHashCode(chars);
        var found = Find(_table, chars, hash);
        if (found >= 0)
        {
            _users[found]++;
            return found;
        }

        text ??= new string(chars);

        // Before the new string is visible, so the new table holds only what is already there.
        if ((_occupied + 1) * 2 > _table.Length)
        {
            Rehash();
        }

        if (!_free.TryPop(out var id))
        {
            id = _count++;
            if (id == _texts.Length)
            {
                Grow();
            }
        }

        _users[id] = 1;
        _hashes[id] = hash;
        Volatile.Write(ref _texts[id], text);
        _live++;
        Insert(_table, id, hash, countOccupied: true);
        return id;
    }

    /// <summary>One user fewer of <paramref name="id"/>; the last one frees it (writer only).</summary>
    public void Release(int id)
    {
        if (--_users[id] > 0)
        {
            return;
        }

        var table = _table;
        var mask = table.Length - 1;
        for (int i = _hashes[id] & mask, probes = 0; probes < table.Length; i = (i + 1) & mask, probes++)
        {
            if (table[i] == id + 1)
            {
                Volatile.Write(ref table[i], Removed);
                break;
            }
        }

        Volatile.Write(ref _texts[id], null);
        _live--;
        _free.Push(id);
    }

    /// <summary>The id of <paramref name="text"/>, or -1 when no slot holds it.</summary>
    public int Find(string text) => Find(Volatile.Read(ref _table), text, text.GetHashCode());

    /// <summary>The string of <paramref name="id"/>, or null when it is no longer held (a slot changed meanwhile).</summary>
    public string? Text(int id)
    {
        var texts = Volatile.Read(ref _texts);
        return (uint)id < (uint)texts.Length ? Volatile.Read(ref texts[id]) : null;
    }

    private int Find(int[] table, ReadOnlySpan<char> text, int hash)
    {
        var mask = table.Length - 1;
        var texts = Volatile.Read(ref _texts);
        var hashes = Volatile.Read(ref _hashes);
        for (int i = hash & mask, probes = 0; probes < table.Length; i = (i + 1) & mask, probes++)
        {
            var entry = Volatile.Read(ref table[i]);
            if (entry == Empty)
            {
                return -1;
            }

            var id = entry - 1;
            if (entry > 0 && id < hashes.Length && id < texts.Length && hashes[id] == hash
                && Volatile.Read(ref texts[id]) is { } held && held.AsSpan().SequenceEqual(text))
            {
                return id;
            }
        }

        return -1;
    }

    private void Insert(int[] table, int id, int hash, bool countOccupied)
    {
        var mask = table.Length - 1;
        var i = hash & mask;
        while (table[i] > 0)
        {
            i = (i + 1) & mask;
        }

        if (countOccupied && table[i] == Empty)
        {
            _occupied++;
        }

        Volatile.Write(ref table[i], id + 1);
    }

    // A new table, a third full at most, without the removed marks; readers keep the old one meanwhile.
    private void Rehash()
    {
        var capacity = 128;
        while (capacity < (_live + 1) * 3)
        {
            capacity *= 2;
        }

        var table = new int[capacity];
        for (var id = 0; id < _count; id++)
        {
            if (_texts[id] is not null)
            {
                Insert(table, id, _hashes[id], countOccupied: false);
            }
        }

        _occupied = _live;
        Volatile.Write(ref _table, table);
    }

    private void Grow()
    {
        var size = _texts.Length * 2;
        var texts = new string?[size];
        var hashes = new int[size];
        Array.Copy(_texts, texts, _texts.Length);
        Array.Copy(_hashes, hashes, _hashes.Length);
        Array.Resize(ref _users, size);
        Volatile.Write(ref _hashes, hashes);
        Volatile.Write(ref _texts, texts);
    }
}
