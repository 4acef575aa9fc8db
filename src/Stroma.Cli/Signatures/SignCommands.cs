using System.CommandLine;
using Stroma.Application.Signatures;
using Stroma.Core.Diagnostics;
using Stroma.Core.Signatures;
using Stroma.Storage;
using Stroma.Web.Accounts;

namespace Stroma.Cli.Signatures;

/// <summary>
/// <c>stroma sign</c>: an electronic signature of a stored record, the signer re-authenticated with the password (from a prompt that
/// does not echo, or <c>--password-file</c>; never an argument) and the authenticator code when the account has one; and
/// <c>stroma signatures</c>: a record's or a patient's signatures with their validity.
/// </summary>
public static class SignCommands
{
    /// <summary>The <c>sign</c> command.</summary>
    public static Command Sign(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var store = new StoreOptions();
        var kind = new Option<string>("--kind") { Description = $"The kind of record: {string.Join(", ", SignedRecord.Words)}.", Required = true };
        var patient = PatientOptions.Optional("The patient of a patient's record (not for a lot).");
        var record = new Option<string>("--record") { Description = "The record's id (the lot's id for a lot).", Required = true };
        var meaning = new Option<string>("--meaning") { Description = $"What the signature means: {string.Join(", ", SignatureMeanings.All.Select(SignatureMeanings.Word))}.", Required = true };
        var user = new Option<string>("--user") { Description = "The signer's account (user name).", Required = true };
        var passwordFile = new Option<FileInfo?>("--password-file") { Description = "Read the password from the first line of this file (otherwise it is asked for, without echo, or read from standard input)." };
        var code = new Option<string?>("--code") { Description = "The authenticator's current code, when the account has a second factor (each code is accepted once)." };
        var hash = new Option<string?>("--hash") { Description = "The SHA-256 content hash of the record as you reviewed it (stroma signatures prints it): refused if the record changed since." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object on standard output (signature, issues)." };
        var command = new Command("sign", "Sign a stored record electronically (21 CFR Part 11): password (and second factor) asked on every signing; the signature names the record's content hash.")
        {
            kind, patient, record, meaning, user, passwordFile, code, hash, json,
        };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            if (SignedRecord.Parse(parsed.GetValue(kind), parsed.GetValue(patient), parsed.GetValue(record)!) is not { } signed)
            {
                return Refuse(stdout, stderr, parsed.GetValue(json), Issue.Error(SignatureIssues.UnknownKind, "--kind",
                    $"Expected one of {string.Join(", ", SignedRecord.Words)} (a patient's record with --patient); found '{parsed.GetValue(kind)}'{(parsed.GetValue(patient) is null && parsed.GetValue(kind) != "lot" ? " without --patient" : string.Empty)}."));
            }

            var name = parsed.GetValue(user)!;
            string password;
            if (parsed.GetValue(passwordFile) is { } file)
            {
                if (!CliIssues.Exists(file, stderr))
                {
                    return ExitCodes.InvalidInput;
                }

                password = (await File.ReadAllLinesAsync(file.FullName, ct)).FirstOrDefault() ?? string.Empty;
            }
            else
            {
                password = ReadPassword(stderr, stdin, name);
            }

            var opened = await store.OpenAsync(parsed, location, StoreOpening.Existing, ct);
            await using var accounts = await AccountSigners.OpenAsync(opened, ct);
            var result = await Signing.SignAsync(opened, accounts.Signers.RecordingFailuresIn(opened), new SignRequest(signed, parsed.GetValue(meaning), parsed.GetValue(hash),
                new SigningCredentials(name, password, parsed.GetValue(code)), ActingUser: null), DateTimeOffset.Now, ct);
            if (result.HasErrors || result.Value is not { } signature)
            {
                return Refuse(stdout, stderr, parsed.GetValue(json), [.. result.Issues.Select(At)]);
            }

            if (parsed.GetValue(json))
            {
                CellProducts.CellProductOutput.Write(stdout, stderr, result.Issues, true, issues => new SignedView(SignatureView.Of(new CheckedSignature(signature, SignatureValidity.Valid)), issues));
            }
            else
            {
                stdout.WriteLine($"Signed {signed.Shown}: {signature.Manifestation}; content SHA-256 {signature.ContentHash}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The <c>signatures</c> command.</summary>
    public static Command List(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = PatientOptions.Optional("The patient: every signature of the patient's records (or, with --kind and --record, of one record).");
        var kind = new Option<string?>("--kind") { Description = $"The kind of one record: {string.Join(", ", SignedRecord.Words)}." };
        var record = new Option<string?>("--record") { Description = "The record's id (with --kind)." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object on standard output (contentHash, signatures with their validity)." };
        var command = new Command("signatures", "List electronic signatures with their validity: of a patient's records (--patient), or of one record (--kind, --record) with its content hash now.")
        {
            patient, kind, record, json,
        };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            SignedRecord? one = null;
            if (parsed.GetValue(kind) is not null || parsed.GetValue(record) is not null)
            {
                one = parsed.GetValue(record) is { } id ? SignedRecord.Parse(parsed.GetValue(kind), parsed.GetValue(patient), id) : null;
                if (one is null)
                {
                    return Refuse(stdout, stderr, parsed.GetValue(json), Issue.Error(SignatureIssues.UnknownKind, "--kind",
                        $"Expected --kind ({string.Join(", ", SignedRecord.Words)}) with --record, and --patient for a patient's record; found --kind '{parsed.GetValue(kind)}', --record '{parsed.GetValue(record)}'."));
                }
            }
            else if (parsed.GetValue(patient) is null)
            {
                stderr.WriteLine("usage: give --patient, or --kind and --record (and --patient for a patient's record).");
                return ExitCodes.Usage;
            }

            var opened = await store.OpenAsync(parsed, location, StoreOpening.Existing, ct);
            var hash = one is null ? null : await opened.ContentHashAsync(one, ct);
            if (one is not null && hash is null && (await Signing.OfRecordAsync(opened, one, ct)).Count == 0)
            {
                return Refuse(stdout, stderr, parsed.GetValue(json), Issue.Error(SignatureIssues.UnknownRecord, "--record", $"Expected a stored record; found no {one.Shown} and no signature of it."));
            }

            if (one is null && !await opened.PatientExistsAsync(parsed.GetValue(patient)!, ct))
            {
                return Refuse(stdout, stderr, parsed.GetValue(json), Issue.Error(SignatureIssues.UnknownRecord, "--patient", $"Expected a stored patient; found no '{parsed.GetValue(patient)}'."));
            }

            var list = one is null ? await Signing.OfPatientAsync(opened, parsed.GetValue(patient)!.Value, ct) : await Signing.OfRecordAsync(opened, one, ct);
            if (parsed.GetValue(json))
            {
                CliIssues.WriteJson(stdout, new SignatureListView(one?.Shown, hash, [.. list.Select(SignatureView.Of)], []));
                return ExitCodes.Ok;
            }

            if (one is not null)
            {
                stdout.WriteLine(hash is null ? $"{one.Shown}: not stored (retracted)." : $"{one.Shown}: content SHA-256 {hash}");
            }

            stdout.WriteLine(list.Count == 0 ? "No electronic signature." : $"{list.Count} electronic signature(s):");
            foreach (var s in list)
            {
                stdout.WriteLine($"  {(one is null ? new SignedRecord(s.Signature.Table, s.Signature.PatientId, s.Signature.RecordId).Shown + ": " : string.Empty)}{s.Signature.Manifestation} — {s.ValidityText}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // A use case's field, located at the option that gives it.
    private static Issue At(Issue issue) => issue with
    {
        Location = issue.Location switch
        {
            "meaning" => "--meaning", "user" => "--user", "password" => "--password-file", "code" => "--code", "hash" => "--hash", "record" => "--record",
            _ => issue.Location,
        },
    };

    private static int Refuse(TextWriter stdout, TextWriter stderr, bool json, params Issue[] issues)
    {
        CellProducts.CellProductOutput.Write(stdout, stderr, issues, json, all => new SignedView(null, all));
        stderr.WriteLine("Not signed: nothing was written.");
        return ExitCodes.InvalidInput;
    }

    // A terminal asks without echo; a pipe gives one line (the password is never a command-line argument).
    private static string ReadPassword(TextWriter stderr, TextReader stdin, string user)
    {
        if (!ReferenceEquals(stdin, Console.In) || Console.IsInputRedirected)
        {
            return stdin.ReadLine() ?? string.Empty;
        }

        stderr.Write($"Password for {user}: ");
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        stderr.WriteLine();
        return typed.ToString();
    }
}
