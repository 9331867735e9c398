using System.Text;

namespace VelesDb.Interchange;

/// <summary>
/// Splits RFC 4180 CSV text into rows of fields: comma-separated, fields in double quotes may hold
/// commas, line breaks and doubled quotes; rows end at LF or CRLF. Counts lines, so a row can be
/// named by the line it starts on.
/// </summary>
internal sealed class CsvTokenizer(TextReader reader)
{
    /// <summary>The longest field kept (64 MiB of characters); a longer one makes its row bad.</summary>
    private const int MaxFieldChars = 64 * 1024 * 1024;

    private readonly StringBuilder _field = new();

    /// <summary>The line the next row starts on, 1-based.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>The next row's fields; false at the end of the text. A row that breaks the syntax comes with the reason.</summary>
    public bool TryReadRow(List<string> fields, out string? problem)
    {
        fields.Clear();
        problem = null;
        var next = reader.Read();
        if (next < 0)
        {
            return false;
        }

        _field.Clear();
        var quoted = false;
        var afterQuote = false;
        var atFieldStart = true;
        while (true)
        {
            if (next < 0)
            {
                if (quoted)
                {
                    problem ??= "a quoted field is not closed before the end of the file.";
                }

                fields.Add(_field.ToString());
                return true;
            }

            var c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        Append(c, ref problem);
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        Line++;
                    }

                    Append(c, ref problem);
                }
            }
            else if (c == ',')
            {
                fields.Add(_field.ToString());
                _field.Clear();
                atFieldStart = true;
                afterQuote = false;
                next = reader.Read();
                continue;
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                Line++;
                fields.Add(_field.ToString());
                return true;
            }
            else if (c == '"' && atFieldStart)
            {
                quoted = true;
            }
            else
            {
                if (afterQuote || c == '"')
                {
                    problem ??= "a double quote appears inside a field that is not quoted as a whole.";
                }

                Append(c, ref problem);
            }

            atFieldStart = false;
            next = reader.Read();
        }
    }

    private void Append(char c, ref string? problem)
    {
        if (_field.Length < MaxFieldChars)
        {
            _field.Append(c);
        }
        else
        {
            problem ??= $"a field is longer than {MaxFieldChars:N0} characters.";
        }
    }
}
