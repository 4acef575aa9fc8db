using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Stroma.Storage;

/// <summary>
/// Every SQLite connection overwrites what it deletes with zeros (<c>PRAGMA secure_delete</c>, a per-connection setting), so an
/// erased or corrected identity does not linger in the file's free pages for anyone with a hex editor (GDPR Art. 17).
/// </summary>
internal sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public const string Pragma = "PRAGMA secure_delete = ON";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
