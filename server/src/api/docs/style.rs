//! The API reference page's stylesheet: inlined, system fonts only, no `url()` or `@import`.

/// Brand deep teal #0f3d3e, accent gold #f4b860, warm paper background #faf8f5.
pub(super) const CSS: &str = r#"
:root{--teal:#0f3d3e;--teal-2:#17595a;--gold:#f4b860;--bg:#faf8f5;--card:#fff;--ink:#1b2626;--muted:#55615f;
--line:#e7e1d7;--soft:#f3efe8;--link:#0b5c5e;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%;scroll-padding-top:1rem}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.6 var(--sans)}
a{color:var(--link);text-underline-offset:2px}
a:hover{color:var(--teal)}
:focus-visible{outline:3px solid var(--gold);outline-offset:2px;border-radius:4px}
code,pre{font-family:var(--mono)}
code{font-size:.86em;background:var(--soft);border:1px solid var(--line);padding:.05em .35em;border-radius:5px;color:var(--teal);overflow-wrap:break-word}
h1,h2,h3,h4{line-height:1.25;color:var(--teal)}
p{margin:.5rem 0}
.skip{position:absolute;left:-9999px;top:.5rem;background:#fff;color:var(--teal);padding:.5rem 1rem;border-radius:6px;z-index:20}
.skip:focus{left:.5rem}
.top{background:var(--teal);color:#fff;display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.85rem 1.5rem;border-bottom:3px solid var(--gold)}
.brand{display:flex;align-items:center;gap:.65rem;color:#fff;text-decoration:none;font-weight:700;font-size:1.05rem;min-width:0}
.brand:hover{color:#fff}
.mark{flex:none;width:1.5rem;height:1.5rem;border-radius:50% 50% 50% 0;transform:rotate(-45deg);background:var(--gold);box-shadow:inset 0 0 0 .4rem var(--gold),inset 0 0 0 .75rem var(--teal)}
.brand-name{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.ver{font:600 .72rem/1 var(--mono);color:var(--gold);border:1px solid rgba(244,184,96,.55);padding:.25rem .45rem;border-radius:999px}
.btn{flex:none;color:var(--teal);background:var(--gold);text-decoration:none;font-weight:650;font-size:.88rem;padding:.45rem .85rem;border-radius:8px}
.btn:hover{color:var(--teal);background:#f7c883}
.layout{display:grid;grid-template-columns:17.5rem minmax(0,1fr);max-width:90rem;margin:0 auto}
.side{position:sticky;top:0;align-self:start;max-height:100vh;overflow-y:auto;padding:1.5rem .75rem 2.5rem 1.25rem;border-right:1px solid var(--line);font-size:.9rem}
.side ul{list-style:none;margin:0;padding:0}
.side a{display:flex;align-items:baseline;gap:.5rem;padding:.28rem .5rem;border-radius:6px;color:var(--ink);text-decoration:none}
.side a:hover{background:var(--soft);color:var(--teal)}
.side .sec{font-weight:600;color:var(--teal)}
.side .tag{margin-top:1.1rem}
.side .tag-link{font-size:.72rem;text-transform:uppercase;letter-spacing:.09em;color:var(--muted)}
.side .ops a{font-size:.87rem}
.side .op-name{min-width:0}
.side .m{min-width:3.3rem;flex:none}
.schema-link{font-family:var(--mono);font-size:.82rem}
main{min-width:0;padding:2.25rem 2.75rem 4rem;max-width:66rem}
.intro h1{font-size:2.2rem;margin:.2rem 0 .6rem;letter-spacing:-.01em}
.eyebrow{margin:0;font-size:.75rem;font-weight:700;letter-spacing:.12em;text-transform:uppercase;color:var(--muted)}
.meta{display:flex;flex-wrap:wrap;gap:.4rem;margin:0 0 1rem}
.pill{font-size:.78rem;font-weight:600;color:var(--teal);background:#fff;border:1px solid var(--line);padding:.15rem .6rem;border-radius:999px}
.prose{max-width:46rem}
.intro .prose{font-size:1.05rem}
.spec{color:var(--muted);font-size:.92rem;border-left:3px solid var(--gold);padding:.2rem 0 .2rem .8rem;margin-top:1rem}
.plain,.intro{padding-bottom:1.25rem;border-bottom:1px solid var(--line);margin-bottom:1.75rem}
.plain h2,.group>h2{font-size:1.55rem;margin:1.5rem 0 .5rem}
.group>h2{padding-bottom:.4rem;border-bottom:3px solid var(--gold);display:inline-block}
.group{margin-bottom:2.5rem}
.lead{color:var(--muted);max-width:46rem}
.schemes dt{font-weight:650;margin-top:.75rem}
.schemes dd{margin:.25rem 0 0;color:var(--ink)}
pre.code{background:var(--teal);color:#f6f1e7;padding:1rem 1.1rem;border-radius:10px;overflow-x:auto;font-size:.84rem;line-height:1.55;margin:.75rem 0;max-width:46rem}
.op,.schema{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:1.4rem 1.6rem 1.5rem;margin:1.25rem 0 1.75rem;box-shadow:0 1px 2px rgba(15,61,62,.05),0 6px 18px -12px rgba(15,61,62,.18)}
.op h3,.schema h3{font-size:1.2rem;margin:0 0 .75rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.anchor{color:inherit;text-decoration:none}
.anchor:hover{text-decoration:underline}
.endpoint{display:flex;align-items:center;gap:.7rem;background:var(--soft);border:1px solid var(--line);border-radius:9px;padding:.5rem .7rem;overflow-x:auto}
.endpoint .path{background:none;border:0;padding:0;font-size:.95rem;color:var(--ink);white-space:nowrap;overflow-wrap:normal}
.pp{color:#8a4a00;font-weight:600}
.m{display:inline-block;text-align:center;font:700 .7rem/1 var(--mono);letter-spacing:.04em;padding:.32rem .45rem;border-radius:5px;color:#fff;background:#4b5563}
.m-get{background:#17773a}.m-post{background:#1d5fbf}.m-put{background:#98570a}.m-patch{background:#6d3fc0}.m-delete{background:#b3261e}
.deprecated .endpoint .path{text-decoration:line-through}
.auth{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;font-size:.92rem;margin:.9rem 0 0}
.auth .k{font-size:.7rem;font-weight:700;text-transform:uppercase;letter-spacing:.07em;padding:.2rem .5rem;border-radius:5px}
.auth.locked .k{background:var(--teal);color:var(--gold)}
.auth.open .k{background:var(--soft);color:var(--muted);border:1px solid var(--line)}
.op h4{font-size:.74rem;text-transform:uppercase;letter-spacing:.09em;color:var(--muted);margin:1.4rem 0 .5rem;display:flex;align-items:center;gap:.5rem}
.tw{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-size:.9rem;table-layout:fixed}
.params th:nth-child(1){width:24%}.params th:nth-child(2){width:10%}.params th:nth-child(3){width:22%}.params th:nth-child(4){width:12%}
.props th:nth-child(1){width:32%}.props th:nth-child(2){width:28%}
.responses th:nth-child(1){width:12%}.responses th:nth-child(3){width:40%}
th{text-align:left;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);padding:.45rem .6rem;border-bottom:2px solid var(--line);white-space:nowrap}
td{padding:.6rem;border-bottom:1px solid var(--line);vertical-align:top}
tbody tr:last-child td{border-bottom:0}
td p{margin:0 0 .25rem}
td ul{margin:.25rem 0;padding-left:1.2rem}
.name{font-weight:600;background:none;border:0;padding:0;color:var(--ink);font-size:.88rem}
.pre{color:var(--muted);font-weight:400}
.type{background:none;border:0;padding:0;color:#7a2e8e;font-size:.85rem}
.type a{color:var(--link);font-weight:600}
.fmt{font:.75rem var(--mono);color:var(--muted);margin-left:.2rem}
.badge{display:inline-block;font-size:.68rem;font-weight:700;letter-spacing:.03em;padding:.1rem .4rem;border-radius:4px;background:var(--soft);color:var(--muted);border:1px solid var(--line);vertical-align:middle;white-space:nowrap}
.badge.req{background:#fdecea;color:#a3231b;border-color:#f5c9c4}
.badge.nul{background:#eef1f6;color:#3d4a5c;border-color:#d8dee8}
.opt{color:var(--muted);font-size:.82rem}
.note{font-size:.84rem;color:var(--ink);margin:.25rem 0}
.note .k{color:var(--muted);font-weight:600;margin-right:.2rem}
.note code{font-size:.8rem}
.in{font:600 .74rem var(--mono);color:var(--muted)}
.in-header{color:#8a4a00}.in-path{color:#1d5fbf}
.st{display:inline-block;font:700 .82rem/1 var(--mono);padding:.3rem .5rem;border-radius:5px;border:1px solid}
.st-ok{color:#145f30;background:#e7f5ec;border-color:#bfe3cb}
.st-redirect{color:#1b4f99;background:#e8f0fb;border-color:#c6d8f3}
.st-client{color:#7f4300;background:#fdf1de;border-color:#f3d6a9}
.st-server{color:#a3231b;background:#fdecea;border-color:#f5c9c4}
.st-other{color:var(--muted);background:var(--soft);border-color:var(--line)}
.media{display:flex;flex-wrap:wrap;align-items:baseline;gap:.4rem;margin:.1rem 0 .35rem}
.ct{font:.78rem var(--mono);color:var(--muted);background:var(--soft);border-radius:4px;padding:.05rem .35rem}
.body>.media{margin:.25rem 0 .5rem}
.example{margin:.75rem 0 0}
.example summary{cursor:pointer;font-size:.85rem;font-weight:600;color:var(--link);width:max-content;max-width:100%}
.example pre.code{margin-top:.5rem}
.kind{font:600 .72rem var(--mono);color:var(--muted);background:var(--soft);border:1px solid var(--line);border-radius:999px;padding:.1rem .5rem}
.schema h3 .anchor{font-family:var(--mono);font-size:1.05rem}
.schema{scroll-margin-top:1rem}
.shape{margin:.5rem 0}
.shape .k{color:var(--muted);font-weight:600;font-size:.84rem;margin-right:.2rem}
.variants{padding-left:1.3rem}
.variants li{margin:.5rem 0}
.foot{margin-top:3rem;padding-top:1.25rem;border-top:1px solid var(--line);color:var(--muted);font-size:.88rem}
@media (max-width:860px){
html{scroll-padding-top:3.5rem}
.top{padding:.7rem 1rem}
.layout{display:block}
.side{position:sticky;top:0;z-index:10;max-height:none;overflow-x:auto;overflow-y:hidden;padding:.55rem .75rem;border-right:0;border-bottom:1px solid var(--line);background:var(--bg);box-shadow:0 4px 10px -8px rgba(15,61,62,.35)}
.side .toc{display:flex;gap:.4rem;white-space:nowrap}
.side .tag{margin:0}
.side .ops{display:none}
.side a,.side .tag-link{font-size:.85rem;text-transform:none;letter-spacing:0;font-weight:600;color:var(--teal);background:#fff;border:1px solid var(--line);border-radius:999px;padding:.3rem .8rem}
main{padding:1.5rem 1rem 3rem}
.intro h1{font-size:1.7rem}
.op,.schema{padding:1rem 1rem 1.1rem;border-radius:12px}
.endpoint .path{font-size:.85rem}
table.stack{table-layout:auto}
table.stack thead{display:none}
table.stack,table.stack tbody{display:block;width:100%}
table.stack tr{display:flex;flex-wrap:wrap;align-items:baseline;gap:.3rem .6rem;padding:.65rem 0;border-bottom:1px solid var(--line)}
table.stack tbody tr:last-child{border-bottom:0}
table.stack td{display:block;border:0;padding:0;width:auto}
table.stack td:last-child{flex-basis:100%}
table.stack td:last-child:empty{display:none}
.responses td:nth-child(2){flex:1 1 12rem}
}
@media (max-width:480px){.ver{display:none}.btn{font-size:.8rem;padding:.4rem .65rem}}
"#;
