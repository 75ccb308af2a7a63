using Spectre.Console;
using Spectre.Console.Rendering;

namespace SafeMigrate.Cli.Reporting.Terminal;

/// <summary>
/// The console the live view draws on, with the cursor left visible. Spectre's progress display hides the cursor while it
/// runs and shows it again when it stops; but a second SIGTERM or Ctrl-C ends the process at once (StopSignals), before
/// that, and would leave the person's shell without a cursor.
/// </summary>
internal sealed class VisibleCursorConsole(IAnsiConsole inner) : IAnsiConsole
{
    public Profile Profile => inner.Profile;

    public IAnsiConsoleCursor Cursor { get; } = new KeptCursor(inner.Cursor);

    public IAnsiConsoleInput Input => inner.Input;

    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

    public RenderPipeline Pipeline => inner.Pipeline;

    public void Clear(bool home) => inner.Clear(home);

    public void Write(IRenderable renderable) => inner.Write(renderable);

    public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);

    private sealed class KeptCursor(IAnsiConsoleCursor cursor) : IAnsiConsoleCursor
    {
        public void Show(bool show)
        {
            // Never hidden, so never to be shown again.
        }

        public void SetPosition(int column, int line) => cursor.SetPosition(column, line);

        public void Move(CursorDirection direction, int steps) => cursor.Move(direction, steps);
    }
}
