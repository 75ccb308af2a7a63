using System.Text;

namespace SafeMigrate.Cli.Tests.Reporting;

/// <summary>
/// What a terminal shows after it received some output: the rows of text and where the cursor is. Knows the sequences
/// a live view uses (carriage return, line feed as a tty with <c>onlcr</c> turns it into CR LF, cursor up/down/left/right,
/// erase in line and display) and ignores colours and cursor visibility. Enough to assert what a person sees.
/// </summary>
internal sealed class TerminalScreen
{
    private readonly List<char[]> _rows = [];
    private readonly int _width;

    private TerminalScreen(int width) => _width = width;

    public int CursorRow { get; private set; }

    public int CursorColumn { get; private set; }

    /// <summary>The rows, trailing blanks trimmed, blank rows at the bottom dropped (the cursor's row kept).</summary>
    public IReadOnlyList<string> Rows
    {
        get
        {
            var rows = _rows.Select(r => new string(r).TrimEnd()).ToList();
            while (rows.Count > CursorRow + 1 && rows[^1].Length == 0)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            return rows;
        }
    }

    public override string ToString() => string.Join('\n', Rows.Select((r, i) => (i == CursorRow ? "> " : "  ") + r));

    public static TerminalScreen Of(string output, int width)
    {
        var screen = new TerminalScreen(width);
        var pendingWrap = false;
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            switch (c)
            {
                case '\r':
                    screen.CursorColumn = 0;
                    pendingWrap = false;
                    break;
                case '\n':
                    screen.CursorRow++;
                    screen.CursorColumn = 0;
                    pendingWrap = false;
                    break;
                case '\u001b' when i + 1 < output.Length && output[i + 1] == '[':
                    var end = i + 2;
                    while (end < output.Length && !char.IsAsciiLetter(output[end]))
                    {
                        end++;
                    }

                    screen.Control(output[(i + 2)..end], output[end]);
                    pendingWrap = false;
                    i = end;
                    break;
                default:
                    if (pendingWrap)
                    {
                        screen.CursorRow++;
                        screen.CursorColumn = 0;
                        pendingWrap = false;
                    }

                    screen.Row(screen.CursorRow)[screen.CursorColumn] = c;
                    if (screen.CursorColumn == width - 1)
                    {
                        pendingWrap = true;   // as xterm: the cursor stays on the last column until the next character
                    }
                    else
                    {
                        screen.CursorColumn++;
                    }

                    break;
            }
        }

        screen.Row(screen.CursorRow);
        return screen;
    }

    private void Control(string parameters, char command)
    {
        if (parameters.StartsWith('?'))
        {
            return;   // cursor visibility and other private modes
        }

        var n = int.TryParse(parameters.Split(';')[0], out var value) ? value : 0;
        switch (command)
        {
            case 'A':
                CursorRow = Math.Max(0, CursorRow - Math.Max(n, 1));
                break;
            case 'B':
                CursorRow += Math.Max(n, 1);
                break;
            case 'C':
                CursorColumn = Math.Min(_width - 1, CursorColumn + Math.Max(n, 1));
                break;
            case 'D':
                CursorColumn = Math.Max(0, CursorColumn - Math.Max(n, 1));
                break;
            case 'G':
                CursorColumn = Math.Clamp(n - 1, 0, _width - 1);
                break;
            case 'K':
                var row = Row(CursorRow);
                var (from, to) = n switch { 1 => (0, CursorColumn + 1), 2 => (0, _width), _ => (CursorColumn, _width) };
                Array.Fill(row, ' ', from, to - from);
                break;
            case 'J':
                throw new InvalidOperationException($"erase in display (ESC[{parameters}J): the live view must not clear the screen");
            case 'm':
                break;
            default:
                throw new InvalidOperationException($"unexpected control sequence ESC[{parameters}{command}");
        }
    }

    private char[] Row(int index)
    {
        while (_rows.Count <= index)
        {
            _rows.Add(Enumerable.Repeat(' ', _width).ToArray());
        }

        return _rows[index];
    }
}
