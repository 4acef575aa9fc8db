namespace Stroma.Web.Components;

/// <summary>The app's one stylesheet, inlined (no front-end build, no static file to find): readable at a glance, the report's colours.</summary>
internal static class Style
{
    public const string Css = """
        :root { --ink:#1d2733; --muted:#5b6675; --line:#d7dde4; --accent:#2b6cb0; --ok:#2f855a; --bad:#c53030; --warn:#b7791f; }
        * { box-sizing: border-box; }
        body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background:#f6f8fa; }
        header.top { display:flex; gap:1.5rem; align-items:center; padding:.6rem 1.5rem; background:#1f3a56; color:#fff; }
        header.top a { color:#fff; text-decoration:none; font-weight:600; }
        header.top .who { margin-left:auto; font-size:.9rem; }
        header.top form { display:inline; }
        header.top button { background:none; border:1px solid #fff8; color:#fff; border-radius:4px; padding:.15rem .6rem; cursor:pointer; }
        main { max-width: 1120px; margin: 1.2rem auto; padding: 0 1.5rem; }
        h1 { font-size:1.5rem; margin:.2rem 0 .8rem; } h1 .identity { margin-left:.3em; } h1 .muted { font-size:.8em; font-weight:600; white-space:nowrap; } h2 { font-size:1.15rem; margin:1.4rem 0 .5rem; }
        table { border-collapse: collapse; width:100%; background:#fff; }
        th, td { text-align:left; padding:.35rem .6rem; border-bottom:1px solid var(--line); vertical-align: top; }
        th { background:#eef2f6; font-weight:600; }
        td.num { text-align:right; font-variant-numeric: tabular-nums; }
        tr.saved td { background:#fefcbf; } tr.saved { scroll-margin-top: 12rem; }
        td.when { white-space:nowrap; } td code { overflow-wrap:anywhere; } td.code { white-space:nowrap; } td.code code { overflow-wrap:normal; }
        .card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:1rem 1.2rem; margin-bottom:1rem; }
        .question { border-left: 5px solid var(--accent); }
        .answer-yes { color: var(--ok); font-weight:700; } .answer-no { color: var(--bad); font-weight:700; }
        .badge { display:inline-block; padding:.05rem .5rem; border-radius:10px; font-size:.8rem; font-weight:600; background:#e2e8f0; }
        .badge.OnPlasmapheresis { background:#fed7d7; color:#822727; } .badge.TargetMet { background:#c6f6d5; color:#22543d; }
        .badge.TargetNotMet { background:#feebc8; color:#7b341e; } .badge.due { background:#fefcbf; color:#744210; }
        form.entry label { display:block; font-weight:600; margin-top:.7rem; }
        form.entry input, form.entry select { font:inherit; padding:.35rem .5rem; border:1px solid #9aa5b1; border-radius:4px; min-width: 16rem; }
        form.entry .invalid, form.entry input[aria-invalid=true] { border-color: var(--bad); background:#fff5f5; }
        .field-error { color: var(--bad); font-size:.9rem; margin-top:.2rem; }
        form.entry fieldset.checks { border:1px solid #cbd2d9; border-radius:4px; margin-top:.7rem; } form.entry fieldset.checks label { display:flex; gap:.5rem; align-items:center; font-weight:400; margin-top:.3rem; } form.entry fieldset.checks input { min-width:0; }
        .hint { color: var(--muted); font-size:.85rem; }
        button.primary, a.button.primary { display:inline-block; text-decoration:none; margin-top:1rem; background: var(--accent); color:#fff; border:0; border-radius:4px; padding:.5rem 1.1rem; font:inherit; font-weight:600; cursor:pointer; }
        form.entry button.primary { display:block; }
        button.danger { background: var(--bad); }
        .notice { background:#ebf8ff; border:1px solid #90cdf4; padding:.6rem .9rem; border-radius:4px; margin-bottom:1rem; }
        td.verdict-pass, li.verdict-pass { color: var(--ok); } td.verdict-fail, li.verdict-fail { color: var(--bad); }
        .flagged { background:#fffaf0; border:1px solid #f6ad55; padding:.6rem .9rem; border-radius:4px; margin-bottom:1rem; }
        .error-box { background:#fff5f5; border:1px solid #feb2b2; padding:.6rem .9rem; border-radius:4px; margin-bottom:1rem; }
        .plot iframe { display:block; border:1px solid var(--line); width:100%; aspect-ratio:1000/420; background:#fff; }
        nav.pages a, nav.pages strong, nav.pages span { margin-right:.6rem; }
        .muted { color: var(--muted); }
        ul#str-verdicts li.ok { color: var(--ok); } ul#str-verdicts li.bad { color: var(--bad); font-weight:600; }
        .electropherogram-box { background:#fff; border:1px solid var(--line); padding:.3rem; margin-bottom:1rem; }
        .electropherogram-box svg { display:block; width:100%; height:auto; }
        table.str-rows input, table.str-rows select { width:100%; }
        tr.outlier td { color: var(--muted); text-decoration: line-through; }
        code { font-size:.9em; }
        form.entry label.coordinate { font-weight:400; margin-top:.2rem; } form.entry input.coordinate { min-width:8rem; width:8rem; }
        .array-figure { margin:0 0 1rem; background:#fff; border:1px solid var(--line); padding:.5rem; } .array-figure svg { display:block; width:100%; height:auto; max-height:85vh; }
        .badge.array-refused { background:#fed7d7; color:#822727; } .badge.array-placed { background:#feebc8; color:#7b341e; } .badge.array-quantified { background:#c6f6d5; color:#22543d; }
        .downloads a { font-weight:600; }
        /* Printing a page (the patient page to PDF): A4; no navigation, links, forms or buttons; the question on the first page, both
           plots on the second, each section after them on a new page; a heading never left at a page's foot; no row, card or plot split
           across pages; table headers repeated; the plots (SVG, vectors at any resolution) at a set size across the paper. */
        @page { size: A4; margin: 14mm 12mm 16mm; }
        @media print {
            body { background:#fff; font-size:10pt; }
            header.top, nav, form, button, .downloads, .record-links, p:has(> a.add-record), p:has(> a[href$='/new']), p:has(> a[href$='/upload']), p:has(> a[href$='/import']) { display:none !important; }
            main { max-width:none; margin:0; padding:0; }
            main > h2, #upcr-plot { break-before: page; }
            h1, h2, h3 { break-after: avoid; }
            tr, .card, .notice, section.plot, .electropherogram-box, .array-figure { break-inside: avoid; }
            thead { display: table-header-group; }
            th, td { font-size:9pt; padding:.2rem .4rem; }
            .plot iframe { width:180mm; height:75.6mm; aspect-ratio:auto; border:0; }
            a { color:inherit; text-decoration:none; }
        }
        """;
}
