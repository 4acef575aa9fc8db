using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Stroma.Web.Accounts;

namespace Stroma.Web.Features.Account;

/// <summary>Signing out (a form post, with its anti-forgery token); signing in by the hospital's identity provider.</summary>
internal static class AccountEndpoints
{
    /// <summary>Starts a single sign-on (<c>/account/sso</c>) and completes it (<c>/account/sso-done</c>), both open to anyone.</summary>
    public static void MapSingleSignOn(IEndpointRouteBuilder app, SingleSignOnSettings sso)
    {
        app.MapGet("/account/sso", (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = $"/account/sso-done?returnUrl={Uri.EscapeDataString(Login.LocalOnly(returnUrl))}" }, [SingleSignOnSettings.Scheme]))
            .RequireAuthorization(Policies.Anonymous);
        app.MapGet("/account/sso-done", async (HttpContext context, string? returnUrl, Storage.StromaStore store) =>
            {
                var outcome = await SingleSignOn.CompleteAsync(context, sso, store);
                return Results.LocalRedirect(outcome == SingleSignOnOutcome.SignedIn ? Login.LocalOnly(returnUrl) : SingleSignOn.LoginPathFor(outcome));
            })
            .RequireAuthorization(Policies.Anonymous);
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<StromaUser> signIn) =>
        {
            // A form post without its anti-forgery token is refused (a page elsewhere must not sign a user out).
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form's anti-forgery token is missing or invalid.");
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect(Hosting.StromaWebApp.LoginPath);
        }).RequireAuthorization(Policies.SignedIn).DisableAntiforgery();
}
