namespace Stroma.Web;

/// <summary>Stable issue codes of the web app's own checks (the rules' codes come from Core).</summary>
public static class WebIssues
{
    /// <summary>An uploaded file is larger than the page accepts.</summary>
    public const string UploadTooLarge = "WEB001";
}
