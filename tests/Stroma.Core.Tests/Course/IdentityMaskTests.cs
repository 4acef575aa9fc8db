using System.Text;
using Stroma.Core.Course;

namespace Stroma.Core.Tests.Course;

/// <summary>Masking an erased identity in kept raw bytes: same length, values untouched, whole name parts only.</summary>
public sealed class IdentityMaskTests
{
    private static readonly PatientIdentity Identity = new("P-1", "José Núñez", "HN-0042");

    private static string? Masked(string text) => IdentityMask.Apply(Encoding.UTF8.GetBytes(text), Identity) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    [Theory]
    [InlineData("""{"identity":{"name":"José Núñez","hospitalNumber":"HN-0042"},"value":1.42}""", """{"identity":{"name":"XXXXXXXXXXXXX","hospitalNumber":"XXXXXXX"},"value":1.42}""")]
    [InlineData("""{"family":"Núñez","given":["José"]}""", """{"family":"XXXXXXX","given":["XXXXX"]}""")] // UTF-8: ú and ñ are two bytes each
    [InlineData("""{"text":"Jos\u00E9 N\u00FA\u00F1ez"}""", """{"text":"XXXXXXXXXXXXXXXXXXXXXXXXX"}""")] // JSON's escaping of the letters
    [InlineData("HN-0042.csv", "XXXXXXX.csv")]
    public void Apply_TheIdentity_IsMaskedInPlace(string content, string expected) => Assert.Equal(expected, Masked(content));

    [Theory]
    [InlineData("""{"note":"Joseph Núñezova","value":1}""")] // a name part inside another word is not the name
    [InlineData("sampled_at,analyte,value,unit\n2026-01-10T08:00:00+01:00,creatinine,1.42,mg/dL\n")]
    public void Apply_NoIdentity_IsNull(string content) => Assert.Null(Masked(content));

    [Fact]
    public void Apply_BinaryContent_KeepsItsLengthAndOtherBytes()
    {
        byte[] content = [0x00, 0xFF, .. Encoding.UTF8.GetBytes("HN-0042"), 0x01, 0x02];

        var masked = IdentityMask.Apply(content, Identity)!;

        Assert.Equal([0x00, 0xFF, .. Encoding.UTF8.GetBytes("XXXXXXX"), 0x01, 0x02], masked);
        Assert.Equal(0x00, content[0]); // the input is not changed
        Assert.Equal((byte)'H', content[2]);
    }
}
