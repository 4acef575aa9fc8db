using System.Net;
using System.Text;

namespace Stroma.Reports.Course;

/// <summary>A tiny HTML writer that encodes every text it is given.</summary>
internal sealed class Html
{
    private readonly StringBuilder _builder = new();

    public void Raw(string markup) => _builder.Append(markup);

    public void Text(string text) => _builder.Append(WebUtility.HtmlEncode(text));

    public void Element(string tag, string text, string? cssClass = null)
    {
        _builder.Append('<').Append(tag);
        if (cssClass is not null)
        {
            _builder.Append(" class=\"").Append(cssClass).Append('"');
        }

        _builder.Append('>').Append(WebUtility.HtmlEncode(text)).Append("</").Append(tag).Append('>');
    }

    /// <summary>A table's header row.</summary>
    public void Table(params string[] headers)
    {
        _builder.Append("<table><thead><tr>");
        foreach (var header in headers)
        {
            _builder.Append("<th>").Append(WebUtility.HtmlEncode(header)).Append("</th>");
        }

        _builder.Append("</tr></thead><tbody>");
    }

    // The header row in a thead repeats on every printed page a table runs over.
    public void EndTable() => _builder.Append("</tbody></table>");

    /// <summary>A row; "yes", "no" and "not assessable" answers are styled so that they stand out.</summary>
    public void Cells(params string[] cells)
    {
        _builder.Append("<tr>");
        foreach (var cell in cells)
        {
            var css = cell switch { "yes" => " class=\"yes\"", "no" => " class=\"no\"", Core.Text.ClinicalFormat.NotAssessable => " class=\"na\"", _ => string.Empty };
            _builder.Append("<td").Append(css).Append('>').Append(WebUtility.HtmlEncode(cell)).Append("</td>");
        }

        _builder.Append("</tr>");
    }

    public void List(IEnumerable<string> items)
    {
        _builder.Append("<ul>");
        foreach (var item in items)
        {
            _builder.Append("<li>").Append(WebUtility.HtmlEncode(item)).Append("</li>");
        }

        _builder.Append("</ul>");
    }

    // A plot drawn at print resolution (CoursePlots.PrintPng: twice the pixels) shown at its layout size, so the screen shows it as
    // before and paper gets about 300 dpi across an A4 page.
    public void Image(byte[] png, string alt) =>
        _builder.Append("<p class=\"plot\"><img alt=\"").Append(WebUtility.HtmlEncode(alt)).Append(System.FormattableString.Invariant($"\" width=\"{CoursePlots.Width}\" height=\"{CoursePlots.Height}\""))
            .Append(" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\"></p>");

    public override string ToString() => _builder.ToString();
}
