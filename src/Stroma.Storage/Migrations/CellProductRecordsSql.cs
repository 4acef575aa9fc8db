namespace Stroma.Storage.Migrations;

/// <summary>
/// The data steps of the CellProductRecords migration, per provider. Before it, each lot carried its specification as JSON
/// (<c>msc_lots.SpecificationJson</c>); after it, specifications are rows of <c>release_specifications</c> that lots reference.
/// A lot whose JSON is the built-in <c>bm-msc-isct</c> v1 (exactly as the previous version wrote it) references the seeded built-in
/// row. Every other lot's specification is kept as it was, with status Legacy: under its own id and version when all lots naming
/// that id and version carried the same tests and the id is not the reserved built-in one, else under "VERSION+lot.LOT" with the
/// lot re-pointed to it (so a lot file that reused the built-in id with tests of its own keeps its tests, apart). A legacy
/// specification releases nothing. Custody events get their bag's lot; adverse events start at version 1.
/// </summary>
internal static class CellProductRecordsSql
{
    /// <summary>Who the migration records as holding the legacy specifications.</summary>
    public const string Holder = "migration CellProductRecords";

    /// <summary>The reserved built-in id.</summary>
    public const string BuiltInId = "bm-msc-isct";

    /// <summary>The built-in specification as the previous version stored it in every lot judged against it.</summary>
    public const string BuiltInJson = """
{"Id":"bm-msc-isct","Version":"1","Product":"Bone-marrow MSC, allogeneic","Tests":[{"Code":"viability","Name":"Viability","Method":"7-AAD flow cytometry","Unit":"%","Comparator":"AtLeast","Lower":70,"Upper":null,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"\u2265 70 %"},{"Code":"viable_cells","Name":"Viable cells in the lot","Method":"Automated count","Unit":"{cells}","Comparator":"AtLeast","Lower":100000000,"Upper":null,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"\u2265 100000000 {cells}"},{"Code":"CD73","Name":"CD73 positive","Method":"Flow cytometry","Unit":"%","Comparator":"AtLeast","Lower":95,"Upper":null,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"\u2265 95 %"},{"Code":"CD90","Name":"CD90 positive","Method":"Flow cytometry","Unit":"%","Comparator":"AtLeast","Lower":95,"Upper":null,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"\u2265 95 %"},{"Code":"CD105","Name":"CD105 positive","Method":"Flow cytometry","Unit":"%","Comparator":"AtLeast","Lower":95,"Upper":null,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"\u2265 95 %"},{"Code":"CD45","Name":"CD45 positive","Method":"Flow cytometry","Unit":"%","Comparator":"AtMost","Lower":null,"Upper":2,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"\u2264 2 %"},{"Code":"CD34","Name":"CD34 positive","Method":"Flow cytometry","Unit":"%","Comparator":"AtMost","Lower":null,"Upper":2,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"\u2264 2 %"},{"Code":"CD14","Name":"CD14 (or CD11b) positive","Method":"Flow cytometry","Unit":"%","Comparator":"AtMost","Lower":null,"Upper":2,"Expected":null,"Mandatory":true,"Alternatives":["CD11b"],"Criterion":"\u2264 2 %"},{"Code":"CD79a","Name":"CD79\u03B1 (or CD19) positive","Method":"Flow cytometry","Unit":"%","Comparator":"AtMost","Lower":null,"Upper":2,"Expected":null,"Mandatory":true,"Alternatives":["CD19"],"Criterion":"\u2264 2 %"},{"Code":"HLA-DR","Name":"HLA-DR positive","Method":"Flow cytometry","Unit":"%","Comparator":"AtMost","Lower":null,"Upper":2,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"\u2264 2 %"},{"Code":"sterility","Name":"Sterility","Method":"BacT/ALERT aerobic and anaerobic, 7 days (Ph. Eur. 2.6.27)","Unit":null,"Comparator":"Is","Lower":null,"Upper":null,"Expected":"no growth","Mandatory":true,"Alternatives":[],"Criterion":"no growth"},{"Code":"endotoxin","Name":"Bacterial endotoxin","Method":"LAL kinetic chromogenic (Ph. Eur. 2.6.14)","Unit":"[EU]/mL","Comparator":"LessThan","Lower":null,"Upper":0.5,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"\u003C 0.5 [EU]/mL"},{"Code":"mycoplasma","Name":"Mycoplasma","Method":"NAT (Ph. Eur. 2.6.7)","Unit":null,"Comparator":"Is","Lower":null,"Upper":null,"Expected":"negative","Mandatory":true,"Alternatives":[],"Criterion":"negative"},{"Code":"karyotype","Name":"Karyotype","Method":"G-banding, 20 metaphases","Unit":null,"Comparator":"Is","Lower":null,"Upper":null,"Expected":"normal","Mandatory":false,"Alternatives":[],"Criterion":"normal"},{"Code":"potency","Name":"Inhibition of PHA-stimulated PBMC proliferation","Method":"Co-culture, 1:10","Unit":"%","Comparator":"AtLeast","Lower":20,"Upper":null,"Expected":null,"Mandatory":false,"Alternatives":[],"Criterion":"\u2265 20 %"}]}
""";

    /// <summary>The SQLite statements, in order.</summary>
    public static string[] Sqlite { get; } =
    [
        $"""
        INSERT INTO release_specifications (Id, Version, Product, Status, TestsJson, ImportedBy, ImportedAtUtc, SourceSha256)
        SELECT l.SpecificationId, l.SpecificationVersion || '+lot.' || l.Id, COALESCE(json_extract(l.SpecificationJson, '$.Product'), ''), 'Legacy',
               COALESCE(json_extract(l.SpecificationJson, '$.Tests'), '[]'), '{Holder}', strftime('%Y-%m-%d %H:%M:%S+00:00', 'now'), NULL
        FROM msc_lots l
        WHERE NOT (l.SpecificationId = '{BuiltInId}' AND l.SpecificationVersion = '1' AND l.SpecificationJson = '{BuiltInJson}')
          AND (lower(l.SpecificationId) = '{BuiltInId}'
               OR (SELECT COUNT(DISTINCT o.SpecificationJson) FROM msc_lots o WHERE o.SpecificationId = l.SpecificationId AND o.SpecificationVersion = l.SpecificationVersion) > 1);
        """,
        $"""
        INSERT INTO release_specifications (Id, Version, Product, Status, TestsJson, ImportedBy, ImportedAtUtc, SourceSha256)
        SELECT l.SpecificationId, l.SpecificationVersion, COALESCE(json_extract(MIN(l.SpecificationJson), '$.Product'), ''), 'Legacy',
               COALESCE(json_extract(MIN(l.SpecificationJson), '$.Tests'), '[]'), '{Holder}', strftime('%Y-%m-%d %H:%M:%S+00:00', 'now'), NULL
        FROM msc_lots l
        WHERE lower(l.SpecificationId) <> '{BuiltInId}'
        GROUP BY l.SpecificationId, l.SpecificationVersion
        HAVING COUNT(DISTINCT l.SpecificationJson) = 1;
        """,
        """
        UPDATE msc_lots SET SpecificationVersion = SpecificationVersion || '+lot.' || Id
        WHERE EXISTS (SELECT 1 FROM release_specifications s
                      WHERE s.Id = msc_lots.SpecificationId AND s.Version = msc_lots.SpecificationVersion || '+lot.' || msc_lots.Id AND s.Status = 'Legacy');
        """,
    ];

    /// <summary>
    /// SQLite: each custody event gets its bag's lot (bag ids were unique before). EF rebuilds the tables whose keys change by copying
    /// each into a new table while foreign keys are still enforced, so the new custody table's key to bags (LotId, Id) needs that pair
    /// unique in the old bags table first; the rebuild of bags then drops this index with the old table.
    /// </summary>
    public const string SqliteCustodyLots = """
        UPDATE custody_events SET LotId = (SELECT b.LotId FROM bags b WHERE b.Id = custody_events.BagId);
        CREATE UNIQUE INDEX "IX_bags_LotId_Id_migrating" ON bags ("LotId", "Id");
        """;

    /// <summary>The PostgreSQL statements, in order.</summary>
    public static string[] Postgres { get; } =
    [
        $"""
        INSERT INTO release_specifications ("Id", "Version", "Product", "Status", "TestsJson", "ImportedBy", "ImportedAtUtc", "SourceSha256")
        SELECT l."SpecificationId", l."SpecificationVersion" || '+lot.' || l."Id", COALESCE(l."SpecificationJson"::json ->> 'Product', ''), 'Legacy',
               COALESCE((l."SpecificationJson"::json -> 'Tests')::text, '[]'), '{Holder}', now(), NULL
        FROM msc_lots l
        WHERE NOT (l."SpecificationId" = '{BuiltInId}' AND l."SpecificationVersion" = '1' AND l."SpecificationJson" = '{BuiltInJson}')
          AND (lower(l."SpecificationId") = '{BuiltInId}'
               OR (SELECT COUNT(DISTINCT o."SpecificationJson") FROM msc_lots o WHERE o."SpecificationId" = l."SpecificationId" AND o."SpecificationVersion" = l."SpecificationVersion") > 1);
        """,
        $"""
        INSERT INTO release_specifications ("Id", "Version", "Product", "Status", "TestsJson", "ImportedBy", "ImportedAtUtc", "SourceSha256")
        SELECT l."SpecificationId", l."SpecificationVersion", COALESCE(MIN(l."SpecificationJson")::json ->> 'Product', ''), 'Legacy',
               COALESCE((MIN(l."SpecificationJson")::json -> 'Tests')::text, '[]'), '{Holder}', now(), NULL
        FROM msc_lots l
        WHERE lower(l."SpecificationId") <> '{BuiltInId}'
        GROUP BY l."SpecificationId", l."SpecificationVersion"
        HAVING COUNT(DISTINCT l."SpecificationJson") = 1;
        """,
        """
        UPDATE msc_lots m SET "SpecificationVersion" = m."SpecificationVersion" || '+lot.' || m."Id"
        WHERE EXISTS (SELECT 1 FROM release_specifications s
                      WHERE s."Id" = m."SpecificationId" AND s."Version" = m."SpecificationVersion" || '+lot.' || m."Id" AND s."Status" = 'Legacy');
        """,
    ];

    /// <summary>PostgreSQL: each custody event gets its bag's lot.</summary>
    public const string PostgresCustodyLots = """UPDATE custody_events c SET "LotId" = b."LotId" FROM bags b WHERE b."Id" = c."BagId";""";

    /// <summary>SQLite, going down: each lot carries its specification as JSON again.</summary>
    public const string SqliteDown = """
        UPDATE msc_lots SET SpecificationJson = (SELECT json_object('Id', s.Id, 'Version', s.Version, 'Product', s.Product, 'Tests', json(s.TestsJson))
                                                 FROM release_specifications s WHERE s.Id = msc_lots.SpecificationId AND s.Version = msc_lots.SpecificationVersion);
        """;

    /// <summary>PostgreSQL, going down: each lot carries its specification as JSON again.</summary>
    public const string PostgresDown = """
        UPDATE msc_lots m SET "SpecificationJson" = json_build_object('Id', s."Id", 'Version', s."Version", 'Product', s."Product", 'Tests', s."TestsJson"::json)::text
        FROM release_specifications s WHERE s."Id" = m."SpecificationId" AND s."Version" = m."SpecificationVersion";
        """;
}
