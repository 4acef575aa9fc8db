using Microsoft.EntityFrameworkCore.Migrations;

namespace Stroma.Storage.Migrations;

/// <summary>
/// The hand-written steps of the AuditKeyedIdentityStore migration, for both providers: identities stored before get an opaque
/// reference; the trail's head may only move forward and cannot be removed; the identity store's trail is append-only like the
/// main trail. (Kept here so the migration can be regenerated without losing them.)
/// </summary>
internal static class AuditKeyedSql
{
    /// <summary>Identities stored before this version: a reference from the (already pseudonymous) patient id, unique as it is.</summary>
    public static void FillIdentityRefs(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("UPDATE patient_identities SET \"IdentityRef\" = 'ID-' || \"PatientId\" WHERE \"IdentityRef\" = '';");

    public static void SqliteUp(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head WHEN NEW.\"Sequence\" < OLD.\"Sequence\" BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END;");
        migrationBuilder.Sql("CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN SELECT RAISE(ABORT, 'the audit head cannot be removed'); END;");
        migrationBuilder.Sql("CREATE TRIGGER patient_identity_audit_no_update BEFORE UPDATE ON patient_identity_audit BEGIN SELECT RAISE(ABORT, 'identity audit entries are append-only'); END;");
        migrationBuilder.Sql("CREATE TRIGGER patient_identity_audit_no_delete BEFORE DELETE ON patient_identity_audit BEGIN SELECT RAISE(ABORT, 'identity audit entries are append-only'); END;");
    }

    public static void SqliteDown(MigrationBuilder migrationBuilder)
    {
        foreach (var trigger in new[] { "audit_head_forward_only", "audit_head_no_delete", "patient_identity_audit_no_update", "patient_identity_audit_no_delete" })
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
        }
    }

    public static void PostgresUp(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(@"CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.""Sequence"" < OLD.""Sequence"" THEN
        RAISE EXCEPTION 'the audit head only moves forward and cannot be removed';
    END IF;
    RETURN NEW;
END;
$$;");
        migrationBuilder.Sql("CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_head FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();");
        migrationBuilder.Sql("CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();");
        migrationBuilder.Sql("CREATE TRIGGER patient_identity_audit_no_change BEFORE UPDATE OR DELETE ON patient_identity_audit FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();");
        migrationBuilder.Sql("CREATE TRIGGER patient_identity_audit_no_truncate BEFORE TRUNCATE ON patient_identity_audit FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();");
    }

    public static void PostgresDown(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS patient_identity_audit_no_truncate ON patient_identity_audit;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS patient_identity_audit_no_change ON patient_identity_audit;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_head;");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_head_forward_only();");
    }
}
