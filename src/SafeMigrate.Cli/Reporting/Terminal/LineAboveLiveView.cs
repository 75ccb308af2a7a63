using Spectre.Console;
using Spectre.Console.Rendering;

namespace SafeMigrate.Cli.Reporting.Terminal;

/// <summary>
/// A line (or lines) written while the live view is on screen. Spectre writes it from the top row of the live area and
/// draws the live area again below it (its render hook); each row is erased first, because a line shorter than the live
/// row it lands on would otherwise keep that row's tail.
/// </summary>
internal sealed class LineAboveLiveView(IRenderable content) : Renderable
{
    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        var erase = (IRenderable)ControlCode.Create(options.Capabilities, writer => writer.EraseInLine(2));
        foreach (var line in Segment.SplitLines(content.Render(options, maxWidth), maxWidth))
        {
            foreach (var segment in erase.Render(options, maxWidth))
            {
                yield return segment;
            }

            foreach (var segment in line)
            {
                yield return segment;
            }

            yield return Segment.LineBreak;
        }
    }
}
