namespace Stroma.Storage;

/// <summary>One raw input a record was written from.</summary>
/// <param name="Action"><c>add</c>, <c>amend</c> or <c>import</c>.</param>
/// <param name="FileName">The name it was kept under (a form's is <c>KIND-form-ID.json</c>).</param>
/// <param name="MediaType">Its media type.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="Sha256">Its SHA-256 (the key it is kept under), lower-case hex.</param>
/// <param name="Actor">Who wrote the record from it.</param>
/// <param name="AtUtc">When.</param>
public sealed record RecordInput(string Action, string FileName, string MediaType, long Length, string Sha256, string Actor, DateTimeOffset AtUtc);

/// <summary>The raw input a write keeps with the records it writes, and how they came from it.</summary>
/// <param name="Input">The input (a typed form, an imported file).</param>
/// <param name="Action"><c>add</c> (a form typed for a new record), <c>amend</c> (a form amending one) or <c>import</c> (a file).</param>
public sealed record KeptInput(Core.RawInput Input, string Action)
{
    /// <summary>A form typed for a new record.</summary>
    public static KeptInput Form(Core.RawInput form) => new(form, "add");

    /// <summary>A form amending a record.</summary>
    public static KeptInput Amendment(Core.RawInput form) => new(form, "amend");

    /// <summary>An imported file.</summary>
    public static KeptInput File(Core.RawInput file) => new(file, "import");
}
