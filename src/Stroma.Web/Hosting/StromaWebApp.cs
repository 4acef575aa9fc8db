using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stroma.Storage;
using Stroma.Web.Accounts;
using Stroma.Web.Components;
using Stroma.Web.Features.Api;
using Stroma.Web.Features.Account;

namespace Stroma.Web.Hosting;

/// <summary>Where the web app's data lives and how it is served.</summary>
/// <param name="Location">The database (SQLite file or PostgreSQL).</param>
/// <param name="Key">The site's audit key, or null for the one the environment or the database's key file gives.</param>
/// <param name="Urls">The addresses to listen on (for example <c>http://127.0.0.1:5000</c>), or null when the caller hosts it (tests).</param>
/// <param name="Environment">Reads an environment variable (the single sign-on client secret), or null for the process's environment.</param>
public sealed record WebSettings(StoreLocation Location, Storage.Audit.AuditKey? Key = null, string? Urls = null, Func<string, string?>? Environment = null);

/// <summary>
/// The web app: Blazor static server rendering for people, a JSON API under <c>/api</c> for scripts, ASP.NET Core Identity on the
/// records' database, one authorisation policy on every endpoint. The CLI's <c>stroma serve</c> and <c>stroma demo --serve</c> host it;
/// tests host it on a test server or on loopback.
/// </summary>
public static class StromaWebApp
{
    /// <summary>The sign-in page.</summary>
    public const string LoginPath = "/account/login";

    /// <summary>
    /// Builds the app: opens the store (which must exist), migrates the accounts' tables beside it, and wires Identity, the policies,
    /// anti-forgery, the pages and the API.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(WebSettings settings, Action<WebApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The SQLite provider's "async" calls block a thread each: with the thread pool's default minimum, a burst of requests waits for
        // the pool to grow (about one thread a second), which shows as second-long stalls under load. A server starts with enough.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 128), io);
        var location = settings.Location.ForServer();
        var store = await StromaStore.OpenAsync(location, "stroma-web", StoreOpening.Existing, settings.Key, ct);
        await MigrateAccountsAsync(location, ct);
        var sso = await ReadSingleSignOnAsync(store, settings.Environment ?? System.Environment.GetEnvironmentVariable, ct);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

        // The keys live in the database beside the records it protects; the warning that they are stored unencrypted says nothing new.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        // A start that fails (a port in use) is reported by the caller as one coded line, not as the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (settings.Urls is { } urls)
        {
            builder.WebHost.UseUrls(urls);
        }

        AddServices(builder.Services, location, store, sso);
        configure?.Invoke(builder);
        var app = builder.Build();
        Map(app, sso);
        return app;
    }

    /// <summary>The single sign-on settings of the database (null: off), the secret from the environment.</summary>
    /// <exception cref="Core.Diagnostics.InvalidInputException">Single sign-on is configured but a setting is missing or wrong (SSO001-SSO004), each issue at its setting.</exception>
    public static async Task<SingleSignOnSettings?> ReadSingleSignOnAsync(StromaStore store, Func<string, string?> environment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in SingleSignOnSettings.Keys)
        {
            values[key] = await store.LoadSettingAsync(key, ct);
        }

        var read = SingleSignOnSettings.Read(k => values[k], environment);
        return read.HasErrors ? throw new Core.Diagnostics.InvalidInputException(read.Issues) : read.Value;
    }

    /// <summary>
    /// Creates or migrates the accounts' tables (users, roles, tokens, data-protection keys) on the records' database, when they need it.
    /// On PostgreSQL the application role may not: then the operator runs <c>stroma db migrate</c> as the schema owner.
    /// </summary>
    /// <exception cref="StoreSchemaException">The tables need migrating and this connection's role may not change the schema.</exception>
    public static async Task MigrateAccountsAsync(StoreLocation location, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(location);
        await using var db = AccountsContext.Create(location);
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            try
            {
                await db.Database.MigrateAsync(ct);
            }
            catch (System.Data.Common.DbException e) when (location.Provider == StoreProvider.Postgres && e.SqlState == "42501")
            {
                throw new StoreSchemaException(
                    $"The accounts' tables of {location} need migrating and this connection's role may not change the schema ({e.Message}). Run 'stroma db migrate --connection OWNER_CONNECTION --app-role ROLE' as the schema owner.", e);
            }
        }
    }

    /// <summary>
    /// As the schema owner: migrates the accounts' tables and, on PostgreSQL, grants the application role what the web app needs — read
    /// and write accounts, tokens and keys — but not the accounts' migration history.
    /// </summary>
    /// <returns>The migrations applied.</returns>
    public static async Task<IReadOnlyList<string>> MigrateAccountsSchemaAsync(StoreLocation owner, string? appRole, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = AccountsContext.Create(owner);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (appRole is not null && owner.Provider == StoreProvider.Postgres)
        {
            StromaStore.CheckRoleName(appRole);
            var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Select(t => $"\"{t}\"");
#pragma warning disable EF1002 // the role name is checked above and the table names come from the model
            await db.Database.ExecuteSqlRawAsync($"GRANT SELECT, INSERT, UPDATE, DELETE ON {string.Join(", ", tables)} TO {appRole}", ct);
            await db.Database.ExecuteSqlRawAsync($"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {appRole}", ct);
            await db.Database.ExecuteSqlRawAsync($"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON \"{AccountsContext.HistoryTable}\" FROM {appRole}", ct);
            await db.Database.ExecuteSqlRawAsync($"GRANT SELECT ON \"{AccountsContext.HistoryTable}\" TO {appRole}", ct);
#pragma warning restore EF1002
        }

        return pending;
    }

    /// <summary>The services of accounts alone (Identity's user and role managers on the database), for the CLI's user and token commands.</summary>
    public static IServiceCollection AddAccounts(IServiceCollection services, StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AccountsConnection>();
        services.AddScoped(s =>
        {
            var enlisted = s.GetRequiredService<AccountsConnection>();
            return AccountsContext.Create(location, enlisted.Connection, enlisted.Transaction);
        });
        services.AddLogging();
        services.AddIdentityCore<StromaUser>(o =>
            {
                // NIST SP 800-63B §3.1.1.2: length over composition rules; at least 12 characters here, as hospital policies ask.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.Tokens.AuthenticatorTokenProvider = OneUseAuthenticatorCodes.Name;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsContext>()
            .AddTokenProvider<OneUseAuthenticatorCodes>(OneUseAuthenticatorCodes.Name);
        services.AddScoped<AccountSigners>();
        return services;
    }

    private static void AddServices(IServiceCollection services, StoreLocation location, StromaStore store, SingleSignOnSettings? sso)
    {
        services.AddSingleton(new SingleSignOnState(sso));
        AddAccounts(services, location);
        services.AddSingleton(store);
        services.AddHttpContextAccessor();
        services.AddScoped<RequestStore>();
        services.AddMemoryCache(o => o.SizeLimit = 1000);
        services.AddSingleton<Features.Patients.PatientCache>();
        services.AddIdentityCore<StromaUser>().AddSignInManager().AddDefaultTokenProviders();
        services.AddDataProtection().SetApplicationName("stroma").PersistKeysToDbContext<AccountsContext>();
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = "stroma";
                o.DefaultChallengeScheme = "stroma";
            });
        if (sso is not null)
        {
            authentication.AddSingleSignOn(sso);
        }

        authentication
            .AddPolicyScheme("stroma", "cookie or token", o => o.ForwardDefaultSelector = c =>
                c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? ApiTokenHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = LoginPath;
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "stroma.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => Refuse(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Refuse(c, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesOf)
            {
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }

            o.AddPolicy(Policies.Anonymous, p => p.RequireAssertion(_ => true));

            // Anything that names no policy is refused to anyone who is not signed in: the endpoint test finds and fails it anyway.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.AddAntiforgery(o => o.Cookie.Name = "stroma.xsrf");

        // A disabled account's or a changed password's sessions end within a minute on every instance (the stamp is in the database).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddCascadingAuthenticationState();
        services.AddRazorComponents();
        services.AddProblemDetails();
        services.AddOpenApi();
    }

    // The API answers 401/403; pages redirect to the sign-in (or the denied) page.
    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) || c.Request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal)
            || c.Request.Path.StartsWithSegments("/fhir", StringComparison.Ordinal))
        {
            c.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    private static void Map(WebApplication app, SingleSignOnSettings? sso)
    {
        app.UseStatusCodePages();
        Features.Fhir.FhirEndpoints.UseOutcomes(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        // The framework's script (blazor.web.js) comes from the host's static-asset manifest; a host without one (a test server) serves
        // the pages without it, as plain HTML forms.
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.endpoints.json");
        if (File.Exists(manifest))
        {
            app.MapStaticAssets(manifest).RequireAuthorization(Policies.Anonymous);
        }

        app.MapOpenApi().RequireAuthorization(Policies.ReadRecords);
        AccountEndpoints.Map(app);
        if (sso is not null)
        {
            AccountEndpoints.MapSingleSignOn(app, sso);
        }

        PatientApi.Map(app);
        Features.Fhir.FhirEndpoints.Map(app);
        Features.Patients.PatientPlotEndpoints.Map(app);
        Features.Str.StrEndpoints.Map(app);
        Features.Exports.ExportEndpoints.Map(app);
        Features.Arrays.ArrayImageEndpoints.Map(app);
        // Pages name their policy with [Authorize]; the framework's own redirect endpoint (it only follows a data-protected address
        // during enhanced navigation, the sign-in page's included) is open like the sign-in page.
        app.MapRazorComponents<App>().Add(b =>
        {
            if (b is RouteEndpointBuilder { RoutePattern.RawText: "/_framework/opaque-redirect" })
            {
                b.Metadata.Add(new AuthorizeAttribute(Policies.Anonymous));
            }
        });
    }
}

/// <summary>The store acting as the signed-in user, for one request: what they write is audited under their user name.</summary>
public sealed class RequestStore(StromaStore store, IHttpContextAccessor http)
{
    /// <summary>The store for the current user.</summary>
    public StromaStore Store => store.WithActor(User.Identity?.Name ?? throw new InvalidOperationException("No user is signed in."));

    /// <summary>The signed-in user.</summary>
    public ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    /// <summary>Whether the user may see identity (name, hospital number, birth date).</summary>
    public bool MaySeeIdentity => Policies.RolesOf[Policies.ReadIdentity].Any(User.IsInRole);

    /// <summary>Whether the user may enter and correct clinical data.</summary>
    public bool MayEnterData => Policies.RolesOf[Policies.EnterClinicalData].Any(User.IsInRole);

    /// <summary>Whether the user may enter and correct biopsy reports.</summary>
    public bool MayEnterBiopsy => Policies.RolesOf[Policies.EnterBiopsy].Any(User.IsInRole);

    /// <summary>Whether the user may upload an STR run.</summary>
    public bool MayUploadStr => Policies.RolesOf[Policies.UploadStrRuns].Any(User.IsInRole);

    /// <summary>Whether the user may review kept STR samples.</summary>
    public bool MayReadStr => Policies.RolesOf[Policies.ReadStrRuns].Any(User.IsInRole);

    /// <summary>Whether the user may review a kept STR sample's calls.</summary>
    public bool MayReviewStr => Policies.RolesOf[Policies.ReviewStrCalls].Any(User.IsInRole);

    /// <summary>Whether the user may upload membrane arrays and place their grid by hand.</summary>
    public bool MayEnterArrays => Policies.RolesOf[Policies.EnterArrayRuns].Any(User.IsInRole);

    /// <summary>Whether the user may read audit trails.</summary>
    public bool MayReadAudit => Policies.RolesOf[Policies.ReadAudit].Any(User.IsInRole);
}
