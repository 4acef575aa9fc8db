namespace Stroma.Cli;

/// <summary>
/// Writes a progress line as reported, at once and one at a time. <see cref="Progress{T}"/> would post it to the thread pool, to land
/// later — after the command has returned and its writer is closed (a test host crashed on exactly that).
/// </summary>
internal sealed class TextProgress(TextWriter writer) : IProgress<string>
{
    private readonly Lock _gate = new();

    public void Report(string value)
    {
        lock (_gate)
        {
            writer.WriteLine(value);
        }
    }
}
