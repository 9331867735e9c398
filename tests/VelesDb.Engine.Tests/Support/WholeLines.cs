using System.Text;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// Reads a child's standard output as raw bytes and hands over each line once its newline has
/// arrived, so a line cut off by a kill is never taken for a whole one (an acknowledgement the
/// child did not finish printing must not count).
/// </summary>
internal static class WholeLines
{
    /// <summary>Calls <paramref name="onLine"/> for every complete line until the stream ends.</summary>
    public static void Read(Stream stream, Action<string> onLine)
    {
        var pending = new List<byte>();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    pending.Add(buffer[i]);
                    continue;
                }

                onLine(Encoding.UTF8.GetString([.. pending]).TrimEnd('\r'));
                pending.Clear();
            }
        }
    }
}
