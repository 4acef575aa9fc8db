using Stroma.Storage.Signatures;

namespace Stroma.Storage.Tests.Signatures;

public sealed class RecordContentTests
{
    // The canonical text is the documented JSON: rows in the order given, columns by name in ordinal order, non-ASCII escaped. The
    // SHA-256 below was computed from that text by an independent implementation (Python's hashlib.sha256 over its UTF-8 bytes).
    [Fact]
    public void Canonical_SortsColumnsKeepsRowOrderEscapesNonAscii_AndHashesAsSha256()
    {
        var rows = new (string, IReadOnlyDictionary<string, string>)[]
        {
            ("lab_results", new Dictionary<string, string> { ["Value"] = "88.4", ["PatientId"] = "P-1", ["Unit"] = "µmol/L", ["Id"] = "L1" }),
            ("bags", new Dictionary<string, string> { ["Note"] = "∅", ["Id"] = "B1" }),
        };

        var canonical = RecordContent.Canonical(rows);

        Assert.Equal("""[["lab_results",{"Id":"L1","PatientId":"P-1","Unit":"\u00B5mol/L","Value":"88.4"}],["bags",{"Id":"B1","Note":"\u2205"}]]""", canonical);
        Assert.Equal("81443ae820dea883d2fbbca5a7b360425b48ecb22dfa8fbe5391179ef388fa18", RecordContent.Hash(canonical));
    }

    [Fact]
    public void Hash_OneValueChanged_Differs()
    {
        static string Of(string value) => RecordContent.Hash(RecordContent.Canonical([("drugs", new Dictionary<string, string> { ["Id"] = "D1", ["Dose"] = value })]));

        Assert.NotEqual(Of("5"), Of("5.0000001"));
        Assert.Equal(Of("5"), Of("5"));
    }
}
