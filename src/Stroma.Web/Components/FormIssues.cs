using Microsoft.AspNetCore.Components.Forms;
using Stroma.Core.Diagnostics;

namespace Stroma.Web.Components;

/// <summary>A form's issues as its validation messages, so its inputs render <c>aria-invalid="true"</c> and the "invalid" class.</summary>
internal static class FormIssues
{
    /// <summary>
    /// Marks the field of every issue located at one of <paramref name="fields"/> (the issue's location is the field's name; its model
    /// property is the same name capitalised). An input drops an aria-invalid attribute given by hand while its form has no message
    /// for it; the messages themselves are shown by <c>Errors</c>, with their codes.
    /// </summary>
    public static void MarkInvalid(EditContext context, IEnumerable<Issue> issues, IReadOnlyCollection<string> fields)
    {
        var messages = new ValidationMessageStore(context);
        foreach (var issue in issues.Where(i => fields.Contains(i.Location)))
        {
            messages.Add(context.Field(char.ToUpperInvariant(issue.Location[0]) + issue.Location[1..]), issue.Message);
        }

        context.NotifyValidationStateChanged();
    }
}
