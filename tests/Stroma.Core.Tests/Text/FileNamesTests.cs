using Stroma.Core.Text;

namespace Stroma.Core.Tests.Text;

public sealed class FileNamesTests
{
    // A value with a folder or an extension names a file; a bare kit or layout id (ARY022B, Identifiler) names a kit.
    [Theory]
    [InlineData("/tmp/nokit.xml", true)]
    [InlineData("kits/Identifiler", true)]
    [InlineData("layout.csv", true)]
    [InlineData("ARY022B", false)]
    [InlineData("Stroma-Synthetic-10", false)]
    public void MeantAsFile_FolderOrExtension(string value, bool expected) => Assert.Equal(expected, FileNames.MeantAsFile(value));
}
