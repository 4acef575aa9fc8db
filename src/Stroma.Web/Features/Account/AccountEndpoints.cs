using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Stroma.Web.Accounts;

namespace Stroma.Web.Features.Account;

/// <summary>Signing out (a form post, with its anti-forgery token).</summary>
internal static class AccountEndpoints
{
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
